# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_dp_global_optspecs
    string join \n env= base-url= token= o/output= h/help V/version
end

function __fish_dp_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_dp_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_dp_using_subcommand
    set -l cmd (__fish_dp_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c dp -n "__fish_dp_needs_command" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r
complete -c dp -n "__fish_dp_needs_command" -l base-url -d 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server' -r
complete -c dp -n "__fish_dp_needs_command" -l token -d 'A ready bearer token for --env or --base-url' -r
complete -c dp -n "__fish_dp_needs_command" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns with a header on a terminal; tab-separated rows without one when piped'
json\t'One JSON document'
jsonl\t'One JSON value per line'"
complete -c dp -n "__fish_dp_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_needs_command" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_needs_command" -f -a "dialog" -d 'Create, read, list and change dialogs'
complete -c dp -n "__fish_dp_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c dp -n "__fish_dp_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list template help" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list template help" -l base-url -d 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list template help" -l token -d 'A ready bearer token for --env or --base-url' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list template help" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns with a header on a terminal; tab-separated rows without one when piped'
json\t'One JSON document'
jsonl\t'One JSON value per line'"
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list template help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list template help" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list template help" -f -a "create" -d 'Create a dialog from a JSON body and/or flags; prints its id'
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list template help" -f -a "get" -d 'Show one dialog: a readable view on a terminal, the whole dialog with -o json'
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list template help" -f -a "list" -d 'List dialogs, newest content first, following pages as far as asked'
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list template help" -f -a "template" -d 'Print a valid starting body for `dp dialog create -f`'
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list template help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -s f -l file -d 'JSON body (CreateDialog); - reads stdin' -r -F
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l resource -d 'Service resource, urn:altinn:resource:...' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l party -d 'The party: urn:altinn:organization:identifier-no:... or urn:altinn:person:identifier-no:...' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l title -d 'Title in one language, LANG=TEXT; repeat for more languages' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l summary -d 'Summary in one language, LANG=TEXT; repeat for more languages' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l status -d 'NotApplicable, InProgress, Draft, Awaiting, RequiresAttention or Completed' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l progress -d 'Progress, 0 to 100' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l external-reference -d 'Your own reference for the dialog' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l due -d 'Due time, RFC 3339 (2030-01-31T12:00:00Z)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l label -d 'A service-owner label; repeat for more' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l id -d 'The dialog id (a UUIDv7 in the past); generated when left out' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l idempotent-key -d 'A key that makes a repeated create answer "already exists" instead of creating twice' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l base-url -d 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l token -d 'A ready bearer token for --env or --base-url' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns with a header on a terminal; tab-separated rows without one when piped'
json\t'One JSON document'
jsonl\t'One JSON value per line'"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l silent -d 'A silent update: no events, no timestamp bumps, past dates allowed (for migrations)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from get" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from get" -l base-url -d 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from get" -l token -d 'A ready bearer token for --env or --base-url' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from get" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns with a header on a terminal; tab-separated rows without one when piped'
json\t'One JSON document'
jsonl\t'One JSON value per line'"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l party -d 'Only this party; repeat for more' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l resource -d 'Only this service resource; repeat for more' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l status -d 'Only this status; repeat for more' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l label -d 'Only dialogs with this service-owner label (a trailing * matches a prefix); repeat to require more' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l external-reference -d 'Only dialogs with this external reference' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l order-by -d 'Sort order, e.g. createdAt_desc, dueAt_asc' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l limit -d 'How many dialogs to show' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l base-url -d 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l token -d 'A ready bearer token for --env or --base-url' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns with a header on a terminal; tab-separated rows without one when piped'
json\t'One JSON document'
jsonl\t'One JSON value per line'"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l all -d 'Every matching dialog, however many'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from template" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from template" -l base-url -d 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from template" -l token -d 'A ready bearer token for --env or --base-url' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from template" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns with a header on a terminal; tab-separated rows without one when piped'
json\t'One JSON document'
jsonl\t'One JSON value per line'"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from template" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from template" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a dialog from a JSON body and/or flags; prints its id'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show one dialog: a readable view on a terminal, the whole dialog with -o json'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from help" -f -a "list" -d 'List dialogs, newest content first, following pages as far as asked'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from help" -f -a "template" -d 'Print a valid starting body for `dp dialog create -f`'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dp -n "__fish_dp_using_subcommand completions" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r
complete -c dp -n "__fish_dp_using_subcommand completions" -l base-url -d 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server' -r
complete -c dp -n "__fish_dp_using_subcommand completions" -l token -d 'A ready bearer token for --env or --base-url' -r
complete -c dp -n "__fish_dp_using_subcommand completions" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns with a header on a terminal; tab-separated rows without one when piped'
json\t'One JSON document'
jsonl\t'One JSON value per line'"
complete -c dp -n "__fish_dp_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand completions" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand help; and not __fish_seen_subcommand_from dialog completions help" -f -a "dialog" -d 'Create, read, list and change dialogs'
complete -c dp -n "__fish_dp_using_subcommand help; and not __fish_seen_subcommand_from dialog completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c dp -n "__fish_dp_using_subcommand help; and not __fish_seen_subcommand_from dialog completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dp -n "__fish_dp_using_subcommand help; and __fish_seen_subcommand_from dialog" -f -a "create" -d 'Create a dialog from a JSON body and/or flags; prints its id'
complete -c dp -n "__fish_dp_using_subcommand help; and __fish_seen_subcommand_from dialog" -f -a "get" -d 'Show one dialog: a readable view on a terminal, the whole dialog with -o json'
complete -c dp -n "__fish_dp_using_subcommand help; and __fish_seen_subcommand_from dialog" -f -a "list" -d 'List dialogs, newest content first, following pages as far as asked'
complete -c dp -n "__fish_dp_using_subcommand help; and __fish_seen_subcommand_from dialog" -f -a "template" -d 'Print a valid starting body for `dp dialog create -f`'
