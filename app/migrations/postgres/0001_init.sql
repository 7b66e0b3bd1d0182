create table house (
    house_id bigint generated always as identity primary key,
    name text not null unique,
    address text not null default '',
    time_zone text not null default 'Europe/Berlin',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create table room (
    room_id bigint generated always as identity primary key,
    house_id bigint not null references house (house_id) on delete cascade,
    name text not null,
    capacity integer not null check (capacity >= 0),
    features text not null default '',
    resident_bookable boolean not null default false,
    buffer_before_minutes integer not null default 0 check (buffer_before_minutes >= 0),
    buffer_after_minutes integer not null default 0 check (buffer_after_minutes >= 0),
    colour text not null default '#5b6b7a',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (house_id, name)
);

create table category (
    category_id bigint generated always as identity primary key,
    slug text not null unique,
    name_de text not null,
    name_en text not null,
    created_at timestamptz not null default now()
);

create table community_group (
    group_id bigint generated always as identity primary key,
    house_id bigint not null references house (house_id) on delete cascade,
    name text not null,
    description text not null default '',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (house_id, name)
);

create table account (
    account_id bigint generated always as identity primary key,
    email text not null unique,
    display_name text not null,
    password_hash text not null,
    language text not null default 'de',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create table account_role (
    account_id bigint not null references account (account_id) on delete cascade,
    role text not null check (role in ('resident', 'volunteer', 'organiser', 'admin')),
    primary key (account_id, role)
);

create table group_member (
    group_id bigint not null references community_group (group_id) on delete cascade,
    account_id bigint not null references account (account_id) on delete cascade,
    primary key (group_id, account_id)
);

create table session (
    session_id bigint generated always as identity primary key,
    token_hash text not null unique,
    account_id bigint not null references account (account_id) on delete cascade,
    created_at timestamptz not null,
    expires_at timestamptz not null
);
create index session_account on session (account_id);
create index session_expires on session (expires_at);

create table rate_limit_hit (
    bucket text not null,
    created_at timestamptz not null
);
create index rate_limit_hit_bucket on rate_limit_hit (bucket, created_at);
create index rate_limit_hit_created on rate_limit_hit (created_at);

create table event_series (
    series_id bigint generated always as identity primary key,
    house_id bigint not null references house (house_id) on delete cascade,
    title text not null,
    description text not null default '',
    category_id bigint not null references category (category_id),
    group_id bigint references community_group (group_id) on delete set null,
    visibility text not null default 'public' check (visibility in ('public', 'internal', 'private')),
    status text not null default 'published' check (status in ('draft', 'published', 'cancelled')),
    created_by bigint references account (account_id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create table occurrence (
    occurrence_id bigint generated always as identity primary key,
    series_id bigint not null references event_series (series_id) on delete cascade,
    room_id bigint references room (room_id) on delete set null,
    starts_at timestamptz not null,
    ends_at timestamptz not null,
    status text not null default 'scheduled' check (status in ('scheduled', 'cancelled')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (ends_at > starts_at)
);
create index occurrence_starts on occurrence (starts_at);
create index occurrence_room on occurrence (room_id, starts_at);

create table audit_log (
    audit_id bigint generated always as identity primary key,
    account_id bigint references account (account_id) on delete set null,
    action text not null,
    subject text not null,
    created_at timestamptz not null default now()
);
