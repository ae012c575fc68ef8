-- A backup source per ingest, and the failover policy between the two.
alter table ingest add column backup_mode varchar(16);
alter table ingest add column backup_port integer;
alter table ingest add column backup_address varchar(255);
alter table ingest add column backup_stream_id varchar(512);
-- auto (switch on health, revert after revert_after_ms), primary or backup (held until released)
alter table ingest add column failover_mode varchar(16) default 'auto' not null;
alter table ingest add column switch_after_ms integer default 500 not null;
-- 0 = never revert to the primary on its own
alter table ingest add column revert_after_ms integer default 10000 not null;
-- the bitrate floor of a healthy source, kbit/s of transport stream; 0 = none
alter table ingest add column min_bitrate_kbps integer default 0 not null;
