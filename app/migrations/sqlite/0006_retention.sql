-- Retention: the personal data of a declined or withdrawn offer is forgotten
-- after the retention period, once, by whichever server's daily job comes first.
alter table offer add column anonymised_at text;
create table job_run (
    job text not null,
    run_on text not null,
    primary key (job, run_on)
);
