-- Offers from residents: an idea for the house's programme, written by a person
-- (for themselves or a group), moderated by organisers, with a message thread.
-- `account_id` is null once its author deleted their account (anonymised).
create table offer (
    offer_id bigint generated always as identity primary key,
    house_id bigint not null references house (house_id) on delete cascade,
    account_id bigint references account (account_id) on delete set null,
    group_id bigint references community_group (group_id) on delete set null,
    title text not null,
    description text not null default '',
    category_id bigint not null references category (category_id),
    audience text not null default 'everyone',
    languages text not null default 'de',
    frequency text not null default '',
    preferred_times text not null default '',
    expected_participants integer check (expected_participants is null or expected_participants > 0),
    needs_features text not null default '',
    volunteers_needed boolean not null default false,
    contact text not null default '',
    status text not null default 'draft'
        check (status in ('draft', 'submitted', 'needs_changes', 'accepted', 'declined', 'withdrawn')),
    decision_reason text not null default '',
    series_id bigint references event_series (series_id) on delete set null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    submitted_at timestamptz
);
create index offer_account on offer (account_id);
create index offer_queue on offer (status, submitted_at);

create table offer_message (
    message_id bigint generated always as identity primary key,
    offer_id bigint not null references offer (offer_id) on delete cascade,
    account_id bigint references account (account_id) on delete set null,
    from_house boolean not null,
    body text not null,
    created_at timestamptz not null
);
create index offer_message_offer on offer_message (offer_id, message_id);
