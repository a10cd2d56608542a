
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'dp' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'dp'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'dp' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('dialog', 'dialog', [CompletionResultType]::ParameterValue, 'Create, read, list and change dialogs')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'dp;dialog' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a dialog from a JSON body and/or flags; prints its id')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one dialog: a readable view on a terminal, the whole dialog with -o json')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List dialogs, newest content first, following pages as far as asked')
            [CompletionResult]::new('template', 'template', [CompletionResultType]::ParameterValue, 'Print a valid starting body for `dp dialog create -f`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'dp;dialog;create' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'JSON body (CreateDialog); - reads stdin')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'JSON body (CreateDialog); - reads stdin')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Service resource, urn:altinn:resource:...')
            [CompletionResult]::new('--party', '--party', [CompletionResultType]::ParameterName, 'The party: urn:altinn:organization:identifier-no:... or urn:altinn:person:identifier-no:...')
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'Title in one language, LANG=TEXT; repeat for more languages')
            [CompletionResult]::new('--summary', '--summary', [CompletionResultType]::ParameterName, 'Summary in one language, LANG=TEXT; repeat for more languages')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'NotApplicable, InProgress, Draft, Awaiting, RequiresAttention or Completed')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'Progress, 0 to 100')
            [CompletionResult]::new('--external-reference', '--external-reference', [CompletionResultType]::ParameterName, 'Your own reference for the dialog')
            [CompletionResult]::new('--due', '--due', [CompletionResultType]::ParameterName, 'Due time, RFC 3339 (2030-01-31T12:00:00Z)')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'A service-owner label; repeat for more')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The dialog id (a UUIDv7 in the past); generated when left out')
            [CompletionResult]::new('--idempotent-key', '--idempotent-key', [CompletionResultType]::ParameterName, 'A key that makes a repeated create answer "already exists" instead of creating twice')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--silent', '--silent', [CompletionResultType]::ParameterName, 'A silent update: no events, no timestamp bumps, past dates allowed (for migrations)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'dp;dialog;get' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'dp;dialog;list' {
            [CompletionResult]::new('--party', '--party', [CompletionResultType]::ParameterName, 'Only this party; repeat for more')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Only this service resource; repeat for more')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only this status; repeat for more')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'Only dialogs with this service-owner label (a trailing * matches a prefix); repeat to require more')
            [CompletionResult]::new('--external-reference', '--external-reference', [CompletionResultType]::ParameterName, 'Only dialogs with this external reference')
            [CompletionResult]::new('--order-by', '--order-by', [CompletionResultType]::ParameterName, 'Sort order, e.g. createdAt_desc, dueAt_asc')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'How many dialogs to show')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every matching dialog, however many')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'dp;dialog;template' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'dp;dialog;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a dialog from a JSON body and/or flags; prints its id')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one dialog: a readable view on a terminal, the whole dialog with -o json')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List dialogs, newest content first, following pages as far as asked')
            [CompletionResult]::new('template', 'template', [CompletionResultType]::ParameterValue, 'Print a valid starting body for `dp dialog create -f`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'dp;dialog;help;create' {
            break
        }
        'dp;dialog;help;get' {
            break
        }
        'dp;dialog;help;list' {
            break
        }
        'dp;dialog;help;template' {
            break
        }
        'dp;dialog;help;help' {
            break
        }
        'dp;completions' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'dp;help' {
            [CompletionResult]::new('dialog', 'dialog', [CompletionResultType]::ParameterValue, 'Create, read, list and change dialogs')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'dp;help;dialog' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a dialog from a JSON body and/or flags; prints its id')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one dialog: a readable view on a terminal, the whole dialog with -o json')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List dialogs, newest content first, following pages as far as asked')
            [CompletionResult]::new('template', 'template', [CompletionResultType]::ParameterValue, 'Print a valid starting body for `dp dialog create -f`')
            break
        }
        'dp;help;dialog;create' {
            break
        }
        'dp;help;dialog;get' {
            break
        }
        'dp;help;dialog;list' {
            break
        }
        'dp;help;dialog;template' {
            break
        }
        'dp;help;completions' {
            break
        }
        'dp;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
