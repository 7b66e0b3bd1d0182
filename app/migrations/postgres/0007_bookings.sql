-- Room requests: a resident asks for a room that residents may request (a
-- family party, a group's meeting). Approved, it becomes a private date in the
-- room; the public sees only "occupied". `account_id` is null once the person
-- deleted their account or the retention period anonymised the request.
alter table room add column fee_cents integer check (fee_cents is null or fee_cents >= 0);

create table house_rules (
    house_id bigint not null references house (house_id) on delete cascade,
    language text not null,
    body text not null,
    updated_at timestamptz not null,
    primary key (house_id, language)
);

create table room_request (
    request_id bigint generated always as identity primary key,
    house_id bigint not null references house (house_id) on delete cascade,
    room_id bigint not null references room (room_id) on delete cascade,
    account_id bigint references account (account_id) on delete set null,
    purpose text not null,
    guests integer not null check (guests > 0),
    starts_at timestamptz not null,
    ends_at timestamptz not null,
    contact text not null default '',
    status text not null default 'pending'
        check (status in ('pending', 'approved', 'declined', 'withdrawn')),
    decision_reason text not null default '',
    series_id bigint references event_series (series_id) on delete set null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    reminded_at timestamptz,
    anonymised_at timestamptz
);
create index room_request_account on room_request (account_id);
create index room_request_queue on room_request (status, created_at);
