-- The room planner: divisible rooms, opening hours, what a date needs of its room,
-- a version per date (a move based on an old one is refused) and the record of moves.

-- A room that is the combination of others (the hall = hall A + hall B).
create table room_part (
    whole_room_id integer not null references room (room_id) on delete cascade,
    part_room_id integer not null references room (room_id) on delete cascade,
    primary key (whole_room_id, part_room_id),
    check (whole_room_id <> part_room_id)
);
create index room_part_part on room_part (part_room_id);

-- Local wall-clock times, 'HH:MM'; weekday 1 is Monday. A house without rows is
-- open around the clock; a weekday without a row is closed.
create table opening_hours (
    house_id integer not null references house (house_id) on delete cascade,
    weekday integer not null check (weekday between 1 and 7),
    opens text not null,
    closes text not null,
    primary key (house_id, weekday)
);

alter table occurrence add column version integer not null default 1;
alter table event_series add column expected_attendance integer check (expected_attendance is null or expected_attendance > 0);
alter table event_series add column needs_features text not null default '';
alter table event_series add column loud boolean not null default false;

-- Every placement, move, resize and unscheduling in the planner: who, what, from, to, when.
create table planner_change (
    change_id integer primary key,
    occurrence_id integer not null references occurrence (occurrence_id) on delete cascade,
    account_id integer references account (account_id) on delete set null,
    action text not null check (action in ('place', 'move', 'resize', 'unschedule')),
    from_room_id integer,
    from_starts_at text not null,
    from_ends_at text not null,
    to_room_id integer,
    to_starts_at text not null,
    to_ends_at text not null,
    created_at text not null
);
create index planner_change_occurrence on planner_change (occurrence_id, change_id);
