-- The room planner: divisible rooms, opening hours, what a date needs of its room,
-- a version per date (a move based on an old one is refused) and the record of moves.

-- A room that is the combination of others (the hall = hall A + hall B).
create table room_part (
    whole_room_id bigint not null references room (room_id) on delete cascade,
    part_room_id bigint not null references room (room_id) on delete cascade,
    primary key (whole_room_id, part_room_id),
    check (whole_room_id <> part_room_id)
);
create index room_part_part on room_part (part_room_id);

-- Local wall-clock times, 'HH:MM'; weekday 1 is Monday. A house without rows is
-- open around the clock; a weekday without a row is closed.
create table opening_hours (
    house_id bigint not null references house (house_id) on delete cascade,
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
    change_id bigint generated always as identity primary key,
    occurrence_id bigint not null references occurrence (occurrence_id) on delete cascade,
    account_id bigint references account (account_id) on delete set null,
    action text not null check (action in ('place', 'move', 'resize', 'unschedule')),
    from_room_id bigint,
    from_starts_at timestamptz not null,
    from_ends_at timestamptz not null,
    to_room_id bigint,
    to_starts_at timestamptz not null,
    to_ends_at timestamptz not null,
    created_at timestamptz not null
);
create index planner_change_occurrence on planner_change (occurrence_id, change_id);

-- The backstop of rule 1 (never a double booking): the application decides under
-- the house's lock; should any write ever slip past it, the database refuses.
-- Each scheduled date claims every undivided room its room is made of, over its
-- time widened by the room's set-up and clear-up buffers: two claims on one floor
-- overlap exactly when the room rule says the uses collide. Checked at commit, so
-- a write may pass through an intermediate state.
create extension if not exists btree_gist;

create table room_claim (
    occurrence_id bigint not null references occurrence (occurrence_id) on delete cascade,
    floor_room_id bigint not null,
    span tstzrange not null,
    constraint room_claim_no_overlap exclude using gist (floor_room_id with =, span with &&)
        deferrable initially deferred
);
create index room_claim_occurrence on room_claim (occurrence_id);

create function refresh_room_claims(occ bigint) returns void language sql as $$
    delete from room_claim where occurrence_id = occ;
    insert into room_claim (occurrence_id, floor_room_id, span)
    select o.occurrence_id, coalesce(p.part_room_id, o.room_id),
           tstzrange(o.starts_at - make_interval(mins => r.buffer_before_minutes),
                     o.ends_at + make_interval(mins => r.buffer_after_minutes))
    from occurrence o
    join event_series s on s.series_id = o.series_id
    join room r on r.room_id = o.room_id
    left join room_part p on p.whole_room_id = o.room_id
    where o.occurrence_id = occ and o.status = 'scheduled' and s.status <> 'cancelled';
$$;

create function occurrence_claims() returns trigger language plpgsql as $$
begin
    perform refresh_room_claims(new.occurrence_id);
    return null;
end $$;
create trigger occurrence_claims after insert or update of room_id, starts_at, ends_at, status
    on occurrence for each row execute function occurrence_claims();

create function series_claims() returns trigger language plpgsql as $$
begin
    perform refresh_room_claims(o.occurrence_id) from occurrence o where o.series_id = new.series_id;
    return null;
end $$;
create trigger series_claims after update of status on event_series
    for each row when (old.status is distinct from new.status) execute function series_claims();

create function room_claims() returns trigger language plpgsql as $$
begin
    perform refresh_room_claims(o.occurrence_id) from occurrence o where o.room_id = new.room_id;
    return null;
end $$;
create trigger room_claims after update of buffer_before_minutes, buffer_after_minutes
    on room for each row execute function room_claims();

create function room_part_claims() returns trigger language plpgsql as $$
declare
    whole bigint := case when tg_op = 'DELETE' then old.whole_room_id else new.whole_room_id end;
begin
    perform refresh_room_claims(o.occurrence_id) from occurrence o where o.room_id = whole;
    return null;
end $$;
create trigger room_part_claims after insert or delete on room_part
    for each row execute function room_part_claims();

select refresh_room_claims(occurrence_id) from occurrence;
