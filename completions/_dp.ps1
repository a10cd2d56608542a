
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
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('dialog', 'dialog', [CompletionResultType]::ParameterValue, 'Create, read, list and change dialogs')
            [CompletionResult]::new('api', 'api', [CompletionResultType]::ParameterValue, 'Send any request to the API with dp''s credentials')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Help on a command, or on a topic: exit-codes, environment, operations')
            break
        }
        'dp;dialog' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a dialog from a JSON body and/or flags; prints its id')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one dialog: a readable view on a terminal, the whole dialog with -o json')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List dialogs, newest content first, following pages as far as asked')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Replace a dialog''s updatable parts (PUT); without -f, starts from the dialog as it is')
            [CompletionResult]::new('patch', 'patch', [CompletionResultType]::ParameterValue, 'Change a dialog with JSON Patch (RFC 6902) from a file or --set/--add/--remove')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Soft-delete a dialog (end users see it as deleted; restore brings it back)')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Undo a soft delete')
            [CompletionResult]::new('purge', 'purge', [CompletionResultType]::ParameterValue, 'Delete a dialog for good')
            [CompletionResult]::new('freeze', 'freeze', [CompletionResultType]::ParameterValue, 'Freeze a dialog so only admins can change it (needs the admin scope)')
            [CompletionResult]::new('lookup', 'lookup', [CompletionResultType]::ParameterValue, 'Find the dialog for an Altinn instance, correspondence or dialog URN')
            [CompletionResult]::new('template', 'template', [CompletionResultType]::ParameterValue, 'Print a valid starting body for `dp dialog create -f`')
            [CompletionResult]::new('activity', 'activity', [CompletionResultType]::ParameterValue, 'Activities: the dialog''s history')
            [CompletionResult]::new('transmission', 'transmission', [CompletionResultType]::ParameterValue, 'Transmissions: messages in the dialog')
            [CompletionResult]::new('label', 'label', [CompletionResultType]::ParameterValue, 'Your own labels on a dialog (never shown to end users)')
            [CompletionResult]::new('system-label', 'system-label', [CompletionResultType]::ParameterValue, 'End users'' system labels (Default, Bin, Archive, MarkedAsUnopened)')
            [CompletionResult]::new('seenlog', 'seenlog', [CompletionResultType]::ParameterValue, 'Who has seen a dialog')
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
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
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
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
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
            [CompletionResult]::new('--extended-status', '--extended-status', [CompletionResultType]::ParameterName, 'Only this extended status; repeat for more')
            [CompletionResult]::new('--system-label', '--system-label', [CompletionResultType]::ParameterName, 'Only dialogs with this end-user system label (Default, Bin, Archive, ...); repeat for any of several')
            [CompletionResult]::new('--process', '--process', [CompletionResultType]::ParameterName, 'Only dialogs in this process')
            [CompletionResult]::new('--end-user', '--end-user', [CompletionResultType]::ParameterName, 'Only dialogs this end user can see (needs --party or --resource)')
            [CompletionResult]::new('--search', '--search', [CompletionResultType]::ParameterName, 'Free text in titles, summaries and search tags, at least 3 characters (needs --end-user)')
            [CompletionResult]::new('--search-language', '--search-language', [CompletionResultType]::ParameterName, 'Search texts in this language only')
            [CompletionResult]::new('--deleted', '--deleted', [CompletionResultType]::ParameterName, 'Exclude, Include or Only soft-deleted dialogs [default: Exclude]')
            [CompletionResult]::new('--content-seen', '--content-seen', [CompletionResultType]::ParameterName, 'Only dialogs whose content the end user has (true) or has not (false) seen')
            [CompletionResult]::new('--created-after', '--created-after', [CompletionResultType]::ParameterName, 'Created at or after this time (RFC 3339)')
            [CompletionResult]::new('--created-before', '--created-before', [CompletionResultType]::ParameterName, 'Created at or before this time')
            [CompletionResult]::new('--updated-after', '--updated-after', [CompletionResultType]::ParameterName, 'Updated at or after this time')
            [CompletionResult]::new('--updated-before', '--updated-before', [CompletionResultType]::ParameterName, 'Updated at or before this time')
            [CompletionResult]::new('--content-updated-after', '--content-updated-after', [CompletionResultType]::ParameterName, 'Content updated at or after this time')
            [CompletionResult]::new('--content-updated-before', '--content-updated-before', [CompletionResultType]::ParameterName, 'Content updated at or before this time')
            [CompletionResult]::new('--due-after', '--due-after', [CompletionResultType]::ParameterName, 'Due at or after this time')
            [CompletionResult]::new('--due-before', '--due-before', [CompletionResultType]::ParameterName, 'Due at or before this time')
            [CompletionResult]::new('--visible-after', '--visible-after', [CompletionResultType]::ParameterName, 'Visible from at or after this time')
            [CompletionResult]::new('--visible-before', '--visible-before', [CompletionResultType]::ParameterName, 'Visible from at or before this time')
            [CompletionResult]::new('--order-by', '--order-by', [CompletionResultType]::ParameterName, 'Sort order, e.g. createdAt_desc, dueAt_asc')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'How many dialogs to show')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('--exclude-api-only', '--exclude-api-only', [CompletionResultType]::ParameterName, 'Leave out API-only dialogs')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every matching dialog, however many')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'dp;dialog;update' {
            [CompletionResult]::new('--if-match', '--if-match', [CompletionResultType]::ParameterName, 'Only if the dialog is still at this revision (else exit 6)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'JSON body (UpdateDialog); - reads stdin')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'JSON body (UpdateDialog); - reads stdin')
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'Title in one language, LANG=TEXT; repeat for more languages')
            [CompletionResult]::new('--summary', '--summary', [CompletionResultType]::ParameterName, 'Summary in one language, LANG=TEXT; repeat for more languages')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'The new status')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'Progress, 0 to 100')
            [CompletionResult]::new('--external-reference', '--external-reference', [CompletionResultType]::ParameterName, 'Your own reference for the dialog')
            [CompletionResult]::new('--due', '--due', [CompletionResultType]::ParameterName, 'Due time, RFC 3339')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('--silent', '--silent', [CompletionResultType]::ParameterName, 'A silent update: no events, no timestamp bumps (for migrations and corrections)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'dp;dialog;patch' {
            [CompletionResult]::new('--if-match', '--if-match', [CompletionResultType]::ParameterName, 'Only if the dialog is still at this revision (else exit 6)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'RFC 6902 operations as a JSON array; - reads stdin')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'RFC 6902 operations as a JSON array; - reads stdin')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Replace the value at PATH')
            [CompletionResult]::new('--add', '--add', [CompletionResultType]::ParameterName, 'Add a value at PATH (PATH/- appends to a list)')
            [CompletionResult]::new('--remove', '--remove', [CompletionResultType]::ParameterName, 'Remove the value at PATH')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('--silent', '--silent', [CompletionResultType]::ParameterName, 'A silent update: no events, no timestamp bumps (for migrations and corrections)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'dp;dialog;delete' {
            [CompletionResult]::new('--if-match', '--if-match', [CompletionResultType]::ParameterName, 'Only if the dialog is still at this revision (else exit 6)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('--silent', '--silent', [CompletionResultType]::ParameterName, 'A silent update: no events, no timestamp bumps (for migrations and corrections)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'dp;dialog;restore' {
            [CompletionResult]::new('--if-match', '--if-match', [CompletionResultType]::ParameterName, 'Only if the dialog is still at this revision (else exit 6)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('--silent', '--silent', [CompletionResultType]::ParameterName, 'A silent update: no events, no timestamp bumps (for migrations and corrections)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'dp;dialog;purge' {
            [CompletionResult]::new('--if-match', '--if-match', [CompletionResultType]::ParameterName, 'Only if the dialog is still at this revision (else exit 6)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('--silent', '--silent', [CompletionResultType]::ParameterName, 'A silent update: no events, no timestamp bumps (for migrations and corrections)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'dp;dialog;freeze' {
            [CompletionResult]::new('--if-match', '--if-match', [CompletionResultType]::ParameterName, 'Only if the dialog is still at this revision (else exit 6)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('--silent', '--silent', [CompletionResultType]::ParameterName, 'A silent update: no events, no timestamp bumps (for migrations and corrections)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'dp;dialog;lookup' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
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
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'dp;dialog;activity' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Append an activity to a dialog''s history')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'A dialog''s activities, oldest first')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'One activity')
            break
        }
        'dp;dialog;activity;add' {
            [CompletionResult]::new('--if-match', '--if-match', [CompletionResultType]::ParameterName, 'Only if the dialog is still at this revision (else exit 6)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'JSON body (CreateDialogActivityRequest); - reads stdin')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'JSON body (CreateDialogActivityRequest); - reads stdin')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'The activity type, e.g. Information, DialogOpened, FormSubmitted')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'Description in one language (Information only), LANG=TEXT; repeat for more')
            [CompletionResult]::new('--transmission', '--transmission', [CompletionResultType]::ParameterName, 'The transmission a TransmissionOpened activity refers to')
            [CompletionResult]::new('--performed-by', '--performed-by', [CompletionResultType]::ParameterName, 'Who did it, as a party URN [default: the service owner]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('--silent', '--silent', [CompletionResultType]::ParameterName, 'A silent update: no events, no timestamp bumps (for migrations and corrections)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'dp;dialog;activity;list' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'dp;dialog;activity;get' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'dp;dialog;transmission' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Append a transmission (a message from the service owner, or on the party''s behalf)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'A dialog''s transmissions')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'One transmission')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Correct a transmission in place (always silent; needs the changetransmissions scope)')
            break
        }
        'dp;dialog;transmission;add' {
            [CompletionResult]::new('--if-match', '--if-match', [CompletionResultType]::ParameterName, 'Only if the dialog is still at this revision (else exit 6)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'JSON body (CreateTransmissionRequest); - reads stdin')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'JSON body (CreateTransmissionRequest); - reads stdin')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Information, Acceptance, Rejection, Request, Alert, Decision, Submission or Correction [default: Information]')
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'Title in one language, LANG=TEXT; repeat for more')
            [CompletionResult]::new('--summary', '--summary', [CompletionResultType]::ParameterName, 'Summary in one language, LANG=TEXT; repeat for more')
            [CompletionResult]::new('--idempotent-key', '--idempotent-key', [CompletionResultType]::ParameterName, 'A key that makes a repeated add answer "already exists" (exit 6)')
            [CompletionResult]::new('--external-reference', '--external-reference', [CompletionResultType]::ParameterName, 'Your own reference for the transmission')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('--silent', '--silent', [CompletionResultType]::ParameterName, 'A silent update: no events, no timestamp bumps (for migrations and corrections)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'dp;dialog;transmission;list' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'dp;dialog;transmission;get' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'dp;dialog;transmission;update' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The whole corrected transmission (UpdateTransmissionRequest); - reads stdin')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The whole corrected transmission (UpdateTransmissionRequest); - reads stdin')
            [CompletionResult]::new('--if-match', '--if-match', [CompletionResultType]::ParameterName, 'Only if the dialog is still at this revision (else exit 6)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'dp;dialog;label' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a label (3 to 255 characters, stored in lower case)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a label')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'A dialog''s labels')
            break
        }
        'dp;dialog;label;add' {
            [CompletionResult]::new('--if-match', '--if-match', [CompletionResultType]::ParameterName, 'Only if the labels are still at this revision (from `label list -o json` or a previous change)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'dp;dialog;label;remove' {
            [CompletionResult]::new('--if-match', '--if-match', [CompletionResultType]::ParameterName, 'Only if the labels are still at this revision (from `label list -o json` or a previous change)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'dp;dialog;label;list' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'dp;dialog;system-label' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change one dialog''s labels on behalf of an end user')
            [CompletionResult]::new('bulk-set', 'bulk-set', [CompletionResultType]::ParameterValue, 'Change up to 100 dialogs'' labels at once, all or nothing')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every dialog''s labels for some parties (for syncing an inbox)')
            break
        }
        'dp;dialog;system-label;set' {
            [CompletionResult]::new('--end-user', '--end-user', [CompletionResultType]::ParameterName, 'The end user, urn:altinn:person:identifier-no:...')
            [CompletionResult]::new('--add', '--add', [CompletionResultType]::ParameterName, 'Add a label: Default, Bin, Archive or MarkedAsUnopened; repeat for more')
            [CompletionResult]::new('--remove', '--remove', [CompletionResultType]::ParameterName, 'Remove a label; repeat for more')
            [CompletionResult]::new('--if-match', '--if-match', [CompletionResultType]::ParameterName, 'Only if the end-user context is still at this revision')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'dp;dialog;system-label;bulk-set' {
            [CompletionResult]::new('--end-user', '--end-user', [CompletionResultType]::ParameterName, 'The end user, urn:altinn:person:identifier-no:...')
            [CompletionResult]::new('--add', '--add', [CompletionResultType]::ParameterName, 'Add a label: Default, Bin, Archive or MarkedAsUnopened; repeat for more')
            [CompletionResult]::new('--remove', '--remove', [CompletionResultType]::ParameterName, 'Remove a label; repeat for more')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'dp;dialog;system-label;list' {
            [CompletionResult]::new('--party', '--party', [CompletionResultType]::ParameterName, 'The party; repeat for more')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'Only dialogs with this label; repeat for any of several')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'dp;dialog;seenlog' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Who has seen a dialog, and when')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'One seen-log entry')
            break
        }
        'dp;dialog;seenlog;list' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'dp;dialog;seenlog;get' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'dp;api' {
            [CompletionResult]::new('--input', '--input', [CompletionResultType]::ParameterName, 'The request body from a file; - reads stdin')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'A request header, ''Name: value''; repeat for more')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'A request header, ''Name: value''; repeat for more')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Print the status line and response headers before the body')
            [CompletionResult]::new('--include', '--include', [CompletionResultType]::ParameterName, 'Print the status line and response headers before the body')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'dp;completions' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'dp;help' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A ready bearer token for --env or --base-url')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, plain text when piped]')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. ''.[].id''')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
