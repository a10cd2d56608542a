
use builtin;
use str;

set edit:completion:arg-completer[dp] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'dp'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'dp'= {
            cand --env 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod'
            cand --base-url 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server'
            cand --token 'A ready bearer token for --env or --base-url'
            cand -o 'Output format [default: table on a terminal, plain text when piped]'
            cand --output 'Output format [default: table on a terminal, plain text when piped]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand dialog 'Create, read, list and change dialogs'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'dp;dialog'= {
            cand --env 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod'
            cand --base-url 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server'
            cand --token 'A ready bearer token for --env or --base-url'
            cand -o 'Output format [default: table on a terminal, plain text when piped]'
            cand --output 'Output format [default: table on a terminal, plain text when piped]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Create a dialog from a JSON body and/or flags; prints its id'
            cand get 'Show one dialog: a readable view on a terminal, the whole dialog with -o json'
            cand list 'List dialogs, newest content first, following pages as far as asked'
            cand template 'Print a valid starting body for `dp dialog create -f`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'dp;dialog;create'= {
            cand -f 'JSON body (CreateDialog); - reads stdin'
            cand --file 'JSON body (CreateDialog); - reads stdin'
            cand --resource 'Service resource, urn:altinn:resource:...'
            cand --party 'The party: urn:altinn:organization:identifier-no:... or urn:altinn:person:identifier-no:...'
            cand --title 'Title in one language, LANG=TEXT; repeat for more languages'
            cand --summary 'Summary in one language, LANG=TEXT; repeat for more languages'
            cand --status 'NotApplicable, InProgress, Draft, Awaiting, RequiresAttention or Completed'
            cand --progress 'Progress, 0 to 100'
            cand --external-reference 'Your own reference for the dialog'
            cand --due 'Due time, RFC 3339 (2030-01-31T12:00:00Z)'
            cand --label 'A service-owner label; repeat for more'
            cand --id 'The dialog id (a UUIDv7 in the past); generated when left out'
            cand --idempotent-key 'A key that makes a repeated create answer "already exists" instead of creating twice'
            cand --env 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod'
            cand --base-url 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server'
            cand --token 'A ready bearer token for --env or --base-url'
            cand -o 'Output format [default: table on a terminal, plain text when piped]'
            cand --output 'Output format [default: table on a terminal, plain text when piped]'
            cand --silent 'A silent update: no events, no timestamp bumps, past dates allowed (for migrations)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'dp;dialog;get'= {
            cand --env 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod'
            cand --base-url 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server'
            cand --token 'A ready bearer token for --env or --base-url'
            cand -o 'Output format [default: table on a terminal, plain text when piped]'
            cand --output 'Output format [default: table on a terminal, plain text when piped]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'dp;dialog;list'= {
            cand --party 'Only this party; repeat for more'
            cand --resource 'Only this service resource; repeat for more'
            cand --status 'Only this status; repeat for more'
            cand --label 'Only dialogs with this service-owner label (a trailing * matches a prefix); repeat to require more'
            cand --external-reference 'Only dialogs with this external reference'
            cand --order-by 'Sort order, e.g. createdAt_desc, dueAt_asc'
            cand --limit 'How many dialogs to show'
            cand --env 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod'
            cand --base-url 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server'
            cand --token 'A ready bearer token for --env or --base-url'
            cand -o 'Output format [default: table on a terminal, plain text when piped]'
            cand --output 'Output format [default: table on a terminal, plain text when piped]'
            cand --all 'Every matching dialog, however many'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'dp;dialog;template'= {
            cand --env 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod'
            cand --base-url 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server'
            cand --token 'A ready bearer token for --env or --base-url'
            cand -o 'Output format [default: table on a terminal, plain text when piped]'
            cand --output 'Output format [default: table on a terminal, plain text when piped]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'dp;dialog;help'= {
            cand create 'Create a dialog from a JSON body and/or flags; prints its id'
            cand get 'Show one dialog: a readable view on a terminal, the whole dialog with -o json'
            cand list 'List dialogs, newest content first, following pages as far as asked'
            cand template 'Print a valid starting body for `dp dialog create -f`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'dp;dialog;help;create'= {
        }
        &'dp;dialog;help;get'= {
        }
        &'dp;dialog;help;list'= {
        }
        &'dp;dialog;help;template'= {
        }
        &'dp;dialog;help;help'= {
        }
        &'dp;completions'= {
            cand --env 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod'
            cand --base-url 'A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server'
            cand --token 'A ready bearer token for --env or --base-url'
            cand -o 'Output format [default: table on a terminal, plain text when piped]'
            cand --output 'Output format [default: table on a terminal, plain text when piped]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'dp;help'= {
            cand dialog 'Create, read, list and change dialogs'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'dp;help;dialog'= {
            cand create 'Create a dialog from a JSON body and/or flags; prints its id'
            cand get 'Show one dialog: a readable view on a terminal, the whole dialog with -o json'
            cand list 'List dialogs, newest content first, following pages as far as asked'
            cand template 'Print a valid starting body for `dp dialog create -f`'
        }
        &'dp;help;dialog;create'= {
        }
        &'dp;help;dialog;get'= {
        }
        &'dp;help;dialog;list'= {
        }
        &'dp;help;dialog;template'= {
        }
        &'dp;help;completions'= {
        }
        &'dp;help;help'= {
        }
    ]
    $completions[$command]
}
