-- Sample rows of the bundled sample PBX. Call times are relative to now() so the
-- demo always shows recent history. Passwords here are sample values only.
INSERT INTO parameter (idparameter, name, value, description, parametertype) VALUES
  (1, 'VERSION', '15.5.10244.4', 'Version of the phone system', 0),
  (2, 'WEBSERVERUSER', 'admin', 'Management console user', 0),
  (3, 'WEBSERVERPASS', 'SampleConsolePw-3e8d12', 'Management console password', 0),
  (4, 'WEB_ROOT_LOCAL', 'http://127.0.0.1:5000/', 'Local URL of the management console', 0),
  (5, 'E164', '1', 'E.164 number handling', 0),
  (6, 'FQDN', 'pbx.example.com', 'Fully qualified domain name', 0),
  (7, 'SIPPORT', '5060', 'SIP port', 0),
  (8, 'IVRTIMEOUT', '10', 'Digital receptionist timeout (seconds)', 0);

INSERT INTO dn (iddn, value, status, fkidtenant) VALUES
  (1, '100', 1, 1), (2, '101', 1, 1), (3, '102', 1, 1),
  (10, '10000', 1, 1), (11, '10001', 1, 1),
  (20, '800', 1, 1), (30, '999', 1, 1);

INSERT INTO dnprop (iddnprop, fkiddn, name, value) VALUES
  (1, 1, 'FIRST_NAME', 'Ada'), (2, 2, 'FIRST_NAME', 'Grace'), (3, 3, 'FIRST_NAME', 'Edsger'),
  (4, 20, 'IVR_NAME', 'Main menu');

INSERT INTO extension (fkiddn, authid, authpswd, noanswtimeout) VALUES
  (1, '100', 'SampleExtPw-100a', 20), (2, '101', 'SampleExtPw-101b', 20), (3, '102', 'SampleExtPw-102c', 25);

INSERT INTO gateway (idgateway, name, host) VALUES
  (1, 'Carrier', 'sip.carrier.example'),
  (2, 'Loopback', '127.0.0.1');

INSERT INTO externalline (fkiddn, fkidgateway) VALUES (10, 1), (11, 2);

-- dn_type: 0 extension, 1 external line, 5 voicemail, 6 IVR
INSERT INTO cl_party_info (id, dn_type, dn, caller_number, display_name) VALUES
  (1, 1, '10000', '+15550123', 'Caller One'),
  (2, 6, '800', '800', 'Main menu'),
  (3, 0, '100', '100', 'Ada'),
  (4, 0, '101', '101', 'Grace'),
  (5, 5, '999', '999', 'Voicemail'),
  (6, 1, '10000', '+15550199', 'Caller Two');

INSERT INTO cl_calls (id, start_time, end_time, is_answered, ringing_dur, talking_dur) VALUES
  (1, now() - interval '2 hours', now() - interval '2 hours' + interval '3 minutes', true, interval '8 seconds', interval '2 minutes 40 seconds'),
  (2, now() - interval '90 minutes', now() - interval '90 minutes' + interval '1 minute', true, interval '5 seconds', interval '50 seconds'),
  (3, now() - interval '30 minutes', now() - interval '29 minutes', false, interval '25 seconds', interval '0');

INSERT INTO cl_participants (id, call_id, info_id, role, is_inbound, start_time, answer_time, end_time, billing_duration, billing_cost, recording_url) VALUES
  (1, 1, 1, 1, true,  now() - interval '2 hours', now() - interval '2 hours', now() - interval '2 hours' + interval '3 minutes', interval '3 minutes', 0.00, NULL),
  (2, 1, 2, 2, false, now() - interval '2 hours', now() - interval '2 hours', now() - interval '2 hours' + interval '12 seconds', interval '12 seconds', 0.00, NULL),
  (3, 1, 3, 2, false, now() - interval '2 hours' + interval '12 seconds', now() - interval '2 hours' + interval '20 seconds', now() - interval '2 hours' + interval '3 minutes', interval '2 minutes 40 seconds', 0.00, 'Recordings/100/call1.wav'),
  (4, 2, 4, 1, false, now() - interval '90 minutes', now() - interval '90 minutes' + interval '5 seconds', now() - interval '89 minutes', interval '55 seconds', 0.05, NULL),
  (5, 2, 6, 2, false, now() - interval '90 minutes', now() - interval '90 minutes' + interval '5 seconds', now() - interval '89 minutes', interval '55 seconds', 0.05, NULL),
  (6, 3, 6, 1, true,  now() - interval '30 minutes', NULL, now() - interval '29 minutes', interval '0', 0.00, NULL),
  (7, 3, 5, 2, false, now() - interval '30 minutes' + interval '25 seconds', now() - interval '30 minutes' + interval '25 seconds', now() - interval '29 minutes', interval '35 seconds', 0.00, NULL);

INSERT INTO cl_segments (id, call_id, src_part_id, dst_part_id, start_time, end_time, type) VALUES
  (1, 1, 1, 2, now() - interval '2 hours', now() - interval '2 hours' + interval '12 seconds', 1),
  (2, 1, 1, 3, now() - interval '2 hours' + interval '12 seconds', now() - interval '2 hours' + interval '3 minutes', 1),
  (3, 2, 4, 5, now() - interval '90 minutes', now() - interval '89 minutes', 1),
  (4, 3, 6, 7, now() - interval '30 minutes', now() - interval '29 minutes', 1);

-- Four outbound rules (SystemStatus OutboundRules: 4 in both console simulators), each with a route
-- whose strip count fits the numbers it matches; extension numbers are 3 digits (100-102).
INSERT INTO outboundrule (idoutboundrule, rulename, prefix, numberlengthranges, priority, fkidtenant) VALUES
  (1, 'National', '0', '10-11', 1, 1),
  (2, 'International', '00', '', 2, 1),
  (3, 'Mobile', '01', '11', 3, 1),
  (4, 'Branch office', '8', '5', 4, 1);

INSERT INTO outboundroute (idoutboundroute, fkidoutboundrule, routeorder, fkidgateway, strip, prepend) VALUES
  (1, 1, 1, 1, 1, '+49'),
  (2, 2, 1, 1, 2, '+'),
  (3, 3, 1, 1, 1, '+49'),
  (4, 4, 1, 2, 1, '');
