@echo off
rem tcx-doctor as a Windows scheduled task (docs/SCHEDULING.md); tcx-doctor-task.xml registers it
rem to run as NT AUTHORITY\NETWORK SERVICE (or a gMSA). Install tcx-doctor in a fixed place:
rem   npm install --prefix "C:\ProgramData\tcx-doctor" tcx-doctor
rem and keep the SMTP password in C:\ProgramData\tcx-doctor\tcx-doctor.config.json
rem ({"email": {"password": "..."}}), readable only by the task's account and Administrators:
rem   icacls C:\ProgramData\tcx-doctor\tcx-doctor.config.json /inheritance:r /grant:r "NT AUTHORITY\NETWORK SERVICE:R" Administrators:F
setlocal
set "HOME_DIR=C:\ProgramData\tcx-doctor"
set "REPORTS=%HOME_DIR%\reports"
if not exist "%REPORTS%" mkdir "%REPORTS%"
"C:\Program Files\nodejs\node.exe" "%HOME_DIR%\node_modules\tcx-doctor\bin\run.js" run --quiet --fail-on warn ^
  --config "%HOME_DIR%\tcx-doctor.config.json" ^
  --install-dir "C:\Program Files\3CX Phone System" ^
  --output "%REPORTS%\report.html" --output "%REPORTS%\report.json" ^
  --email-to pbx-admins@example.com --email-from tcx-doctor@pbx.example.com ^
  --smtp-url smtp://tcx-doctor@mail.example.com:587 ^
  --email-on changes --state-file "%HOME_DIR%\email-state.json" >> "%REPORTS%\last-run.log" 2>&1
exit /b %ERRORLEVEL%
