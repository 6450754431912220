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
