-- The subset of the 3CX v15.5 database (database_single) that tcx-doctor reads.
-- Names and types follow DOMAIN.md; columns marked [unknown] there are left out.
CREATE TABLE parameter (
  idparameter   integer PRIMARY KEY,
  name          varchar(255) NOT NULL UNIQUE,
  value         text,
  description   text,
  parametertype integer NOT NULL DEFAULT 0
);

CREATE TABLE dn (
  iddn       integer PRIMARY KEY,
  value      varchar(255) NOT NULL,
  status     integer NOT NULL DEFAULT 0,
  fkidtenant integer NOT NULL DEFAULT 1
);

CREATE TABLE dnprop (
  iddnprop integer PRIMARY KEY,
  fkiddn   integer NOT NULL REFERENCES dn (iddn),
  name     varchar(255) NOT NULL,
  value    text
);

CREATE TABLE extension (
  fkiddn         integer PRIMARY KEY REFERENCES dn (iddn),
  authid         varchar(255),
  authpswd       varchar(255),
  noanswtimeout  integer NOT NULL DEFAULT 20
);

CREATE TABLE gateway (
  idgateway integer PRIMARY KEY,
  name      varchar(255) NOT NULL,
  host      varchar(255)
);

CREATE TABLE externalline (
  fkiddn      integer PRIMARY KEY REFERENCES dn (iddn),
  fkidgateway integer REFERENCES gateway (idgateway)
);

CREATE TABLE cl_calls (
  id          integer PRIMARY KEY,
  start_time  timestamptz NOT NULL,
  end_time    timestamptz,
  is_answered boolean NOT NULL DEFAULT false,
  ringing_dur interval,
  talking_dur interval
);

CREATE TABLE cl_party_info (
  id           integer PRIMARY KEY,
  dn_type      integer NOT NULL,
  dn           varchar(255),
  caller_number varchar(255),
  display_name varchar(255)
);

CREATE TABLE cl_participants (
  id               integer PRIMARY KEY,
  call_id          integer NOT NULL REFERENCES cl_calls (id),
  info_id          integer NOT NULL REFERENCES cl_party_info (id),
  role             integer NOT NULL DEFAULT 0,
  is_inbound       boolean NOT NULL DEFAULT false,
  start_time       timestamptz NOT NULL,
  answer_time      timestamptz,
  end_time         timestamptz,
  billing_duration interval,
  billing_cost     numeric(10, 2),
  recording_url    varchar(512)
);

CREATE TABLE cl_segments (
  id          integer PRIMARY KEY,
  call_id     integer NOT NULL REFERENCES cl_calls (id),
  src_part_id integer NOT NULL REFERENCES cl_participants (id),
  dst_part_id integer NOT NULL REFERENCES cl_participants (id),
  start_time  timestamptz NOT NULL,
  end_time    timestamptz,
  type        integer NOT NULL DEFAULT 1
);

CREATE INDEX cl_participants_call ON cl_participants (call_id);
CREATE INDEX cl_segments_call ON cl_segments (call_id);
CREATE INDEX cl_calls_start ON cl_calls (start_time);

-- Outbound rules and their routes (the trunks a rule tries, in order). [unknown]: no public source
-- names their columns except outboundroute.fkidoutboundrule and outboundroute.strip (a field
-- report). Every other column below is plausible, not known: routing.outbound-rules probes
-- information_schema.columns for each and says which it used or missed.
CREATE TABLE outboundrule (
  idoutboundrule     integer PRIMARY KEY,   -- [unknown], probed
  rulename           varchar(255),          -- [unknown], probed (rule name)
  prefix             varchar(255),          -- [unknown], probed ("calls to numbers starting with")
  numberlengthranges varchar(255),          -- [unknown], probed ("calls to numbers with a length of", e.g. '10-11' or '4,5')
  priority           integer NOT NULL DEFAULT 0, -- [unknown]
  fkidtenant         integer NOT NULL DEFAULT 1  -- [unknown]
);

CREATE TABLE outboundroute (
  idoutboundroute  integer PRIMARY KEY,                                        -- [unknown], probed
  fkidoutboundrule integer NOT NULL REFERENCES outboundrule (idoutboundrule),  -- named in a report
  routeorder       integer NOT NULL DEFAULT 1,                                 -- [unknown]
  fkidgateway      integer REFERENCES gateway (idgateway),                     -- [unknown], probed (the route's trunk)
  strip            integer NOT NULL DEFAULT 0,                                 -- named in a report (digits stripped)
  prepend          varchar(255)                                                -- [unknown]
);
