-- Per-ingest allowlist of publisher networks (CIDR), comma-separated; null = anyone.
alter table ingest add column allowed_cidrs varchar(4000);

-- The shared SRT port of each node (0 = off), for the URLs any node shows.
alter table node add column shared_port integer default 0 not null;
