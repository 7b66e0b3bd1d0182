-- The conversation about a waiting room request: the person and the house.
-- `account_id` is null once the writer deleted their account.
create table room_request_message (
    message_id integer primary key,
    request_id integer not null references room_request (request_id) on delete cascade,
    account_id integer references account (account_id) on delete set null,
    from_house boolean not null,
    body text not null,
    created_at text not null
);
create index room_request_message_request on room_request_message (request_id, message_id);
