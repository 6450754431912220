-- Problems planted for `tcx-doctor run --demo v20` (loaded by src/demo/sample-live.ts after the v20 seed):
-- outbound routes for routing.outbound-rules and voicemail legs for recordings.voicemail-url.
-- Ids 800000 and up. The rules stay the seed's four (SystemStatus OutboundRules: 4): the plants add
-- routes to two of them and turn the third into a rule for 3-digit numbers.

-- 1. A second route of "International" that strips 11 digits: more than the console's 9, so it was
--    set in the database, and saving the rule in the console resets it.
INSERT INTO outboundroute (idoutboundroute, fkidoutboundrule, routeorder, fkidgateway, strip, prepend) VALUES
  (800001, 2, 2, 2, 11, '');

-- 2. A second route of "Branch office" (numbers starting with 8, 5 digits) that strips 6 digits:
--    more than any number the rule matches, so calls through it fail with 404
--    "Target endpoint for XXXX can not be built".
INSERT INTO outboundroute (idoutboundroute, fkidoutboundrule, routeorder, fkidgateway, strip, prepend) VALUES
  (800002, 4, 2, 2, 6, '');

-- 3. "Mobile" rewritten as a rule for a branch's 3-digit numbers (prefix 2, length 3), as long as the
--    extension numbers 100-102: 3CX dials them as internal calls and never uses the rule.
UPDATE outboundrule SET rulename = 'Branch 2xx', prefix = '2', numberlengthranges = '3' WHERE idoutboundrule = 3;
UPDATE outboundroute SET fkidgateway = 2, strip = 0, prepend = '' WHERE idoutboundroute = 3;

-- 4. Two calls today that reached voicemail (dn_type 5); 3CX leaves recording_url NULL on such legs.
INSERT INTO cl_party_info (id, dn_type, dn, caller_number, display_name) VALUES
  (800001, 1, '10000', '+15550155', 'Caller Four'),
  (800002, 5, '999', '999', 'Voicemail'),
  (800003, 1, '10000', '+15550166', 'Caller Five'),
  (800004, 5, '999', '999', 'Voicemail');

INSERT INTO cl_calls (id, start_time, end_time, is_answered, ringing_dur, talking_dur) VALUES
  (800001, now() - interval '5 hours', now() - interval '5 hours' + interval '2 minutes', true, interval '20 seconds', interval '1 minute 40 seconds'),
  (800002, now() - interval '3 hours', now() - interval '3 hours' + interval '1 minute', true, interval '20 seconds', interval '40 seconds');

INSERT INTO cl_participants (id, call_id, info_id, role, is_inbound, start_time, answer_time, end_time, billing_duration, billing_cost, recording_url) VALUES
  (800001, 800001, 800001, 1, true,  now() - interval '5 hours', now() - interval '5 hours', now() - interval '5 hours' + interval '2 minutes', interval '2 minutes', 0.00, NULL),
  (800002, 800001, 800002, 2, false, now() - interval '5 hours' + interval '20 seconds', now() - interval '5 hours' + interval '20 seconds', now() - interval '5 hours' + interval '2 minutes', interval '1 minute 40 seconds', 0.00, NULL),
  (800003, 800002, 800003, 1, true,  now() - interval '3 hours', now() - interval '3 hours', now() - interval '3 hours' + interval '1 minute', interval '1 minute', 0.00, NULL),
  (800004, 800002, 800004, 2, false, now() - interval '3 hours' + interval '20 seconds', now() - interval '3 hours' + interval '20 seconds', now() - interval '3 hours' + interval '1 minute', interval '40 seconds', 0.00, NULL);

INSERT INTO cl_segments (id, call_id, src_part_id, dst_part_id, start_time, end_time, type) VALUES
  (800001, 800001, 800001, 800002, now() - interval '5 hours' + interval '20 seconds', now() - interval '5 hours' + interval '2 minutes', 1),
  (800002, 800002, 800003, 800004, now() - interval '3 hours' + interval '20 seconds', now() - interval '3 hours' + interval '1 minute', 1);
