-- Desired state of Sluice: ingests, their outputs, and the UDP ports they hold.
-- Portable SQL: the same migrations run on the embedded H2 and on PostgreSQL.

create table ingest (
    name             varchar(64)   not null primary key,
    node_id          varchar(128)  not null,
    latency_ms       integer       not null,
    -- SRT passphrase (10-79 bytes) or null; never returned by the API
    passphrase       varchar(320),
    pb_key_len       integer       not null,
    source_mode      varchar(16)   not null,
    source_port      integer,
    source_address   varchar(255),
    source_stream_id varchar(512),
    created_at       timestamp with time zone not null
);

create index ingest_node on ingest (node_id);

create table ingest_output (
    id          varchar(32)   not null primary key,
    ingest_name varchar(64)   not null references ingest (name) on delete cascade,
    type        varchar(16)   not null,
    -- the full URL including secrets (passphrase); answers show it redacted
    url         varchar(4096) not null,
    port        integer,
    created_at  timestamp with time zone not null
);

create index ingest_output_ingest on ingest_output (ingest_name);

-- One row per UDP port handed out; the primary key is what makes a port impossible to hand out twice.
create table port_allocation (
    port        integer      not null primary key,
    node_id     varchar(128) not null,
    ingest_name varchar(64)  not null references ingest (name) on delete cascade,
    -- 'source' or 'output:<id>'
    purpose     varchar(64)  not null
);

create index port_allocation_node on port_allocation (node_id);
