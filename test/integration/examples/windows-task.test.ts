/**
 * The Windows scheduled task (examples/windows/tcx-doctor-task.xml). Microsoft publishes the
 * Task Scheduler schema only as per-type pages (learn.microsoft.com, "Task Scheduler Schema";
 * no single XSD file was at hand to validate against), so: xmllint checks the file is well-formed
 * XML, and the test asserts the structure those pages define (taskType, principalType, the
 * logonType and runLevelType values, ISO 8601 durations, the principal the actions run as), plus
 * that it runs as a service account and not as SYSTEM, and runs the wrapper the docs install.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {XMLParser} from 'fast-xml-parser'
import {describe, expect, it} from 'vitest'
import {ROOT} from '../../helpers/cli.js'
import {runTool, toolMissing} from '../reports/system-tool.js'

const TASK = join(ROOT, 'examples', 'windows', 'tcx-doctor-task.xml')
const WRAPPER = join(ROOT, 'examples', 'windows', 'tcx-doctor-task.cmd')
const missing = toolMissing('xmllint', ['--version'], 'libxml2-utils')

/** Children of taskType (an xs:all; only Actions is required). */
const TASK_CHILDREN = ['RegistrationInfo', 'Triggers', 'Settings', 'Data', 'Principals', 'Actions']
/** Children of principalType. */
const PRINCIPAL_CHILDREN = ['UserId', 'LogonType', 'GroupId', 'DisplayName', 'RunLevel', 'ProcessTokenSidType', 'RequiredPrivileges']
const LOGON_TYPES = ['S4U', 'Password', 'InteractiveToken', 'InteractiveTokenOrPassword']
const RUN_LEVELS = ['LeastPrivilege', 'HighestAvailable']
const SETTINGS_CHILDREN = [
  'AllowStartOnDemand', 'RestartOnFailure', 'MultipleInstancesPolicy', 'DisallowStartIfOnBatteries', 'StopIfGoingOnBatteries', 'AllowHardTerminate',
  'StartWhenAvailable', 'NetworkProfileName', 'RunOnlyIfNetworkAvailable', 'WakeToRun', 'Enabled', 'Hidden', 'DeleteExpiredTaskAfter', 'IdleSettings',
  'NetworkSettings', 'ExecutionTimeLimit', 'Priority', 'RunOnlyIfIdle', 'UseUnifiedSchedulingEngine', 'DisallowStartOnRemoteAppSession', 'MaintenanceSettings', 'Volatile',
]
const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/
const BOOLEAN = ['true', 'false']
/** Well-known service accounts: LocalService, NetworkService. SYSTEM (S-1-5-18) is what the task avoids. */
const SERVICE_SIDS = ['S-1-5-19', 'S-1-5-20']

type Node = Record<string, unknown>
const parse = (xml: string): {Task: Node} =>
  new XMLParser({ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, parseAttributeValue: false, trimValues: true}).parse(xml) as {Task: Node}
const children = (node: Node): string[] => Object.keys(node).filter((k) => !k.startsWith('@') && k !== '#text')

describe.skipIf(missing !== undefined)(`examples/windows/tcx-doctor-task.xml${missing ? ` (${missing})` : ''}`, () => {
  const xml = readFileSync(TASK, 'utf8')

  it('is well-formed XML (xmllint)', () => {
    const r = runTool('xmllint', ['--noout', '--nonet', TASK])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(runTool('xmllint', ['--noout', '--nonet', '-'], {input: xml.replace('</Principals>', '')}).code).not.toBe(0)
  })

  it('has the structure of the Task Scheduler schema', () => {
    const task = parse(xml).Task
    expect(task['@xmlns']).toBe('http://schemas.microsoft.com/windows/2004/02/mit/task')
    expect(['1.2', '1.3', '1.4']).toContain(task['@version'])
    for (const c of children(task)) expect(TASK_CHILDREN, c).toContain(c)
    expect(task.Actions).toBeDefined()
    const principal = (task.Principals as Node).Principal as Node
    for (const c of children(principal)) expect(PRINCIPAL_CHILDREN, c).toContain(c)
    if (principal.LogonType !== undefined) expect(LOGON_TYPES).toContain(principal.LogonType)
    expect(RUN_LEVELS).toContain(principal.RunLevel)
    const settings = task.Settings as Node
    for (const c of children(settings)) expect(SETTINGS_CHILDREN, c).toContain(c)
    for (const key of ['DisallowStartIfOnBatteries', 'StopIfGoingOnBatteries', 'AllowHardTerminate', 'StartWhenAvailable', 'Enabled', 'Hidden']) {
      expect(BOOLEAN, key).toContain(settings[key])
    }
    expect(settings.ExecutionTimeLimit).toMatch(DURATION)
    expect(Number(settings.Priority)).toBeGreaterThanOrEqual(0)
    expect(Number(settings.Priority)).toBeLessThanOrEqual(10)
    const trigger = (task.Triggers as Node).CalendarTrigger as Node
    expect(trigger.StartBoundary).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/)
    expect(trigger.RandomDelay).toMatch(DURATION)
    expect(Number(((trigger.ScheduleByDay as Node).DaysInterval))).toBe(1)
    // The actions run as the principal declared above.
    expect((task.Actions as Node)['@Context']).toBe(principal['@id'])
  })

  it('runs as a service account with least privilege, not as SYSTEM, daily, one run at a time, bounded', () => {
    const task = parse(xml).Task
    const principal = (task.Principals as Node).Principal as Node
    expect(SERVICE_SIDS).toContain(principal.UserId)
    expect(principal.RunLevel).toBe('LeastPrivilege')
    expect(xml).not.toContain('S-1-5-18')
    const settings = task.Settings as Node
    expect(settings.MultipleInstancesPolicy).toBe('IgnoreNew')
    expect(settings.StartWhenAvailable).toBe('true')
    expect(settings.ExecutionTimeLimit).toBe('PT10M')
  })

  it('runs the wrapper the docs install, which names its state file (the service profile is not the user\'s)', () => {
    const exec = ((parse(xml).Task.Actions as Node).Exec as Node)
    expect(exec.Command).toBe('C:\\ProgramData\\tcx-doctor\\tcx-doctor-task.cmd')
    const wrapper = readFileSync(WRAPPER, 'utf8')
    expect(wrapper).toContain('set "HOME_DIR=C:\\ProgramData\\tcx-doctor"')
    expect(wrapper).toContain('--state-file "%HOME_DIR%\\email-state.json"')
    expect(wrapper).toContain('NT AUTHORITY\\NETWORK SERVICE:R')
  })
})
