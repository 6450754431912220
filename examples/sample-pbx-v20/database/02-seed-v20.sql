-- The sample PBX as v20 (applied over ../sample-pbx/database/01-schema.sql and 02-seed.sql):
-- the version of the v20 simulator (src/demo/console-simulator-v20/bodies.ts V20_VERSION) and its
-- console account. The trunks 10000 (Carrier, sip.carrier.example) and 10001 (Loopback, 127.0.0.1)
-- of the shared seed are the simulator's trunks.
UPDATE parameter SET value = '20.0.7.1080' WHERE name = 'VERSION';
UPDATE parameter SET value = 'admin' WHERE name = 'WEBSERVERUSER';
UPDATE parameter SET value = 'SampleConsolePw-3e8d12' WHERE name = 'WEBSERVERPASS';
UPDATE parameter SET value = 'http://127.0.0.1:5015/' WHERE name = 'WEB_ROOT_LOCAL';
-- The four outbound rules and their routes of the shared seed (outboundrule, outboundroute) are the
-- v20 simulator's too (SystemStatus OutboundRules: 4).
