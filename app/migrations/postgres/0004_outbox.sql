-- Exactly-once e-mail: a failed attempt waits before the next (growing pauses),
-- the last one leaves the mail "failed" for an admin to retry, and the HTML part
-- is written in the recipient's language.
alter table outbox add column language text not null default 'de';
alter table outbox add column next_attempt_at timestamptz;
alter table outbox add column failed_at timestamptz;
update outbox set failed_at = created_at where sent_at is null and attempts >= 8;
drop index outbox_unsent;
create index outbox_due on outbox (outbox_id) where sent_at is null and failed_at is null;
create index outbox_failed on outbox (failed_at) where failed_at is not null;
