-- Problems planted for `tcx-doctor run --demo v20` only (the v20 seed is ../02-seed-v20.sql).
-- The demo adds one more at start (src/demo/sample-live.ts): TIMEZONEID, a zone unlike this
-- machine's, in the database and in the simulator's Parameters alike.
-- The console simulator plants the others (scenarios loopback-offline and service-stopped): the loopback trunk 10001 offline
-- and the IVR service stopped.

-- Yesterday's caller who sat in the IVR for 40 minutes: the IVR never timed out.
INSERT INTO cl_party_info (id, dn_type, dn, caller_number, display_name) VALUES
  (7, 1, '10000', '+15550177', 'Caller Three'),
  (8, 6, '800', '800', 'Main menu');

INSERT INTO cl_calls (id, start_time, end_time, is_answered, ringing_dur, talking_dur) VALUES
  (4, now() - interval '26 hours', now() - interval '26 hours' + interval '40 minutes', true, interval '0', interval '40 minutes');

INSERT INTO cl_participants (id, call_id, info_id, role, is_inbound, start_time, answer_time, end_time, billing_duration, billing_cost, recording_url) VALUES
  (8, 4, 7, 1, true,  now() - interval '26 hours', now() - interval '26 hours', now() - interval '26 hours' + interval '40 minutes', interval '40 minutes', 0.00, NULL),
  (9, 4, 8, 2, false, now() - interval '26 hours', now() - interval '26 hours', now() - interval '26 hours' + interval '40 minutes', interval '40 minutes', 0.00, NULL);

INSERT INTO cl_segments (id, call_id, src_part_id, dst_part_id, start_time, end_time, type) VALUES
  (5, 4, 8, 9, now() - interval '26 hours', now() - interval '26 hours' + interval '40 minutes', 1);

-- ---------------------------------------------------------------------------------------------
-- pbx.call-capacity and pbx.stuck-calls (ids 700000-700399).
-- a. Three days ago at 14:00 (the database's time zone), 13 calls of 40 minutes started a minute apart: at 14:12 all 13
--    were up, three of them through the loopback trunk 10001 (gateway 2, 127.0.0.1; cl_party_info
--    dn_type 1, dn 10001), which count twice: 10 + 3 x 2 = 16 = MaxSimCalls, the licence's limit.
INSERT INTO cl_party_info (id, dn_type, dn, caller_number, display_name) VALUES
  (700001, 0, '101', '101', 'Grace'),
  (700002, 1, '10001', '10001', 'Loopback'),
  (700003, 1, '10000', '+15550142', 'Caller Four');

INSERT INTO cl_calls (id, start_time, end_time, is_answered, ringing_dur, talking_dur)
SELECT 700000 + g,
       date_trunc('day', now()) - interval '3 days' + interval '14 hours' + g * interval '1 minute',
       date_trunc('day', now()) - interval '3 days' + interval '14 hours' + g * interval '1 minute' + interval '40 minutes',
       true, interval '5 seconds', interval '39 minutes 55 seconds'
FROM generate_series(0, 12) AS g;

INSERT INTO cl_participants (id, call_id, info_id, role, is_inbound, start_time, answer_time, end_time, billing_duration, billing_cost, recording_url)
SELECT 700100 + leg * 100 + g, 700000 + g,
       CASE WHEN leg = 0 THEN 700001 WHEN g < 3 THEN 700002 ELSE 700003 END,
       leg + 1, leg = 1, c.start_time, c.start_time + interval '5 seconds', c.end_time, interval '39 minutes 55 seconds', 0.00, NULL
FROM generate_series(0, 12) AS g
CROSS JOIN generate_series(0, 1) AS leg
JOIN cl_calls c ON c.id = 700000 + g;

-- b. A call from 9 hours ago that never ended: its call and both legs have no end time.
INSERT INTO cl_calls (id, start_time, end_time, is_answered, ringing_dur, talking_dur) VALUES
  (700050, now() - interval '9 hours', NULL, true, interval '4 seconds', NULL);

INSERT INTO cl_participants (id, call_id, info_id, role, is_inbound, start_time, answer_time, end_time, billing_duration, billing_cost, recording_url) VALUES
  (700350, 700050, 700003, 1, true,  now() - interval '9 hours', now() - interval '9 hours' + interval '4 seconds', NULL, NULL, NULL, NULL),
  (700351, 700050, 700001, 2, false, now() - interval '9 hours', now() - interval '9 hours' + interval '4 seconds', NULL, NULL, NULL, NULL);
