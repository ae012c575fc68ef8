-- A fleet of nodes sharing one database (PostgreSQL in production).

-- Every running node: its identity, the host it puts in URLs, its UDP port range and a heartbeat.
-- A node refuses to start when its range overlaps that of another node whose heartbeat is recent.
create table node (
    id           varchar(128) not null primary key,
    public_host  varchar(255) not null,
    port_first   integer      not null,
    port_last    integer      not null,
    started_at   timestamp with time zone not null,
    heartbeat_at timestamp with time zone not null,
    draining     boolean      not null
);

-- One row, locked (select ... for update) while a node checks and claims its range, so that two nodes
-- starting at the same moment cannot both claim overlapping ranges.
create table fleet_lock (
    id integer not null primary key
);
insert into fleet_lock (id) values (1);

-- The owner writes the live state of its ingests, so that every node of the fleet can show it.
alter table ingest add column state varchar(16) default 'waiting' not null;
alter table ingest add column state_error varchar(1024);
