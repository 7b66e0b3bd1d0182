-- Series fields for the calendar, recurrence, closures, registrations, the e-mail outbox
-- and private feed tokens. Local dates and wall-clock times are text: 2026-12-05, 2026-12-05T14:00.
alter table event_series add column audience text not null default 'everyone';
alter table event_series add column languages text not null default 'de';
alter table event_series add column price_kind text not null default 'free' check (price_kind in ('free', 'donation', 'amount'));
alter table event_series add column price_cents integer check (price_cents is null or price_cents >= 0);
alter table event_series add column accessibility text not null default '';
alter table event_series add column contact text not null default '';
alter table event_series add column seats integer check (seats is null or seats > 0);
alter table event_series add column privacy text not null default 'open' check (privacy in ('open', 'counselling'));
alter table event_series add column starts_local text;
alter table event_series add column duration_minutes integer check (duration_minutes is null or duration_minutes > 0);
alter table event_series add column rrule text;
alter table event_series add column skip_public_holidays boolean not null default false;
alter table event_series add column skip_school_holidays boolean not null default false;
alter table event_series add column materialised_until text;
alter table event_series add column room_id integer references room (room_id) on delete set null;

-- The date the rule gave an occurrence (its RECURRENCE-ID), and whether an organiser
-- changed this one date, so that re-materialising the series leaves it alone.
alter table occurrence add column local_date text;
alter table occurrence add column is_override boolean not null default false;
create unique index occurrence_series_date on occurrence (series_id, local_date);

create table series_date (
    series_id integer not null references event_series (series_id) on delete cascade,
    local_date text not null,
    kind text not null check (kind in ('exception', 'restored')),
    primary key (series_id, local_date)
);

create table closure (
    house_id integer not null references house (house_id) on delete cascade,
    local_date text not null,
    reason text not null default '',
    primary key (house_id, local_date)
);

create table registration (
    registration_id integer primary key,
    occurrence_id integer not null references occurrence (occurrence_id) on delete cascade,
    account_id integer not null references account (account_id) on delete cascade,
    status text not null check (status in ('confirmed', 'waitlisted', 'cancelled')),
    queued_at text not null,
    updated_at text not null,
    unique (occurrence_id, account_id)
);
create index registration_queue on registration (occurrence_id, status, queued_at, registration_id);
create index registration_account on registration (account_id);

create table outbox (
    outbox_id integer primary key,
    recipient text not null,
    subject text not null,
    body text not null,
    created_at text not null,
    sent_at text,
    attempts integer not null default 0,
    -- A server sending this mail holds it until then, so two servers never send it twice.
    claimed_until text,
    last_error text
);
create index outbox_unsent on outbox (sent_at, outbox_id);

create table feed_token (
    account_id integer primary key references account (account_id) on delete cascade,
    token_hash text not null unique,
    created_at text not null
);
