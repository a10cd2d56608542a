# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_dp_global_optspecs
    string join \n env= base-url= token= profile= v/debug timeout= allow-insecure-http o/output= jq= h/help V/version
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

complete -c dp -n "__fish_dp_needs_command" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_needs_command" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_needs_command" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_needs_command" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_needs_command" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_needs_command" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_needs_command" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_needs_command" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_needs_command" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_needs_command" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_needs_command" -f -a "auth" -d 'Credentials: a service owner\'s Maskinporten client, or a person\'s ID-porten login'
complete -c dp -n "__fish_dp_needs_command" -f -a "profile" -d 'Named profiles: list, use, show'
complete -c dp -n "__fish_dp_needs_command" -f -a "migrate" -d 'Bulk import of Altinn 2 elements as dialogs'
complete -c dp -n "__fish_dp_needs_command" -f -a "dialog" -d 'Create, read, list and change dialogs'
complete -c dp -n "__fish_dp_needs_command" -f -a "events" -d 'The CloudEvents dialogs produce: list, tail, listen, subscribe, show'
complete -c dp -n "__fish_dp_needs_command" -f -a "inbox" -d 'Dialogs as the end user sees them: parties, list, get (after `dp auth login --idporten`)'
complete -c dp -n "__fish_dp_needs_command" -f -a "dialog-token" -d 'The dialog tokens end users bring to a service\'s actions: decode, verify'
complete -c dp -n "__fish_dp_needs_command" -f -a "api" -d 'Send any request to the API with dp\'s credentials'
complete -c dp -n "__fish_dp_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c dp -n "__fish_dp_needs_command" -f -a "help" -d 'Help on a command, or on a topic: exit-codes, environment, operations'
complete -c dp -n "__fish_dp_using_subcommand auth; and not __fish_seen_subcommand_from login status token logout keygen" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand auth; and not __fish_seen_subcommand_from login status token logout keygen" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand auth; and not __fish_seen_subcommand_from login status token logout keygen" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and not __fish_seen_subcommand_from login status token logout keygen" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and not __fish_seen_subcommand_from login status token logout keygen" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and not __fish_seen_subcommand_from login status token logout keygen" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand auth; and not __fish_seen_subcommand_from login status token logout keygen" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and not __fish_seen_subcommand_from login status token logout keygen" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand auth; and not __fish_seen_subcommand_from login status token logout keygen" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand auth; and not __fish_seen_subcommand_from login status token logout keygen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand auth; and not __fish_seen_subcommand_from login status token logout keygen" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand auth; and not __fish_seen_subcommand_from login status token logout keygen" -f -a "login" -d 'Save a Maskinporten client as a profile, or log a person in with --idporten'
complete -c dp -n "__fish_dp_using_subcommand auth; and not __fish_seen_subcommand_from login status token logout keygen" -f -a "status" -d 'Where credentials come from, which store holds them, and the current token\'s expiry and scopes'
complete -c dp -n "__fish_dp_using_subcommand auth; and not __fish_seen_subcommand_from login status token logout keygen" -f -a "token" -d 'Print a bearer token, for curl and scripts'
complete -c dp -n "__fish_dp_using_subcommand auth; and not __fish_seen_subcommand_from login status token logout keygen" -f -a "logout" -d 'Forget everything a profile holds: key, certificate password, cached tokens, a person\'s ID-porten tokens'
complete -c dp -n "__fish_dp_using_subcommand auth; and not __fish_seen_subcommand_from login status token logout keygen" -f -a "keygen" -d 'Make an RSA key pair: keeps the private key, prints the public JWK for Maskinporten'
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from login" -l client-id -d 'The Maskinporten client id (integration id)' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from login" -l kid -d 'The key id the public key is registered under (needed with a PEM key)' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from login" -l key-file -d 'A private key: PEM (PKCS#1 or PKCS#8) or JWK' -r -F
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from login" -l pkcs12 -d 'An enterprise certificate (virksomhetssertifikat) as PKCS#12; it stays where it is' -r -F
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from login" -l scope -d 'A scope to ask for; repeat for more [default: serviceprovider and serviceprovider.search]' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from login" -l resource -d 'Restrict tokens to this audience (resource)' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from login" -l consumer-org -d 'Act for this customer (a supplier with a delegation), 9 digits' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from login" -l system-user-org -d 'Act as this system user\'s organisation, 9 digits' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from login" -l system-user-ref -d 'The system user\'s external reference' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from login" -l pid -d 'With --idporten against a local server: log in as this person (11-digit national identity number) through its development login, with no browser' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from login" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from login" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from login" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from login" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from login" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from login" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from login" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from login" -l no-verify -d 'Save without fetching a token to check'
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from login" -l idporten -d 'Log in as a person with ID-porten instead (authorization code with PKCE, in the browser): an end user\'s profile, for `dp inbox`. --client-id is then the ID-porten client'
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from login" -l no-browser -d 'With --idporten: print the login URL instead of opening a browser'
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from login" -l force -d 'Replace a profile of the other kind (a service owner\'s with a person\'s login, or the reverse) and its stored secrets, or point a profile holding a client for a real environment elsewhere'
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from login" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from login" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from login" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from status" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from status" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from status" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from status" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from status" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from status" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from status" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from status" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from token" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from token" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from token" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from token" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from token" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from token" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from token" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from token" -l altinn -d 'The Altinn token exchanged from the Maskinporten one (for Altinn Events)'
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from token" -l decode -d 'The token\'s header and claims as JSON instead of the token'
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from token" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from token" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from token" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from token" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from logout" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from logout" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from logout" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from logout" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from logout" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from logout" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from logout" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from logout" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from logout" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from logout" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from logout" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from keygen" -l bits -d 'Key size in bits (2048 or more)' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from keygen" -l kid -d 'The key id [default: the key\'s RFC 7638 thumbprint]' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from keygen" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from keygen" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from keygen" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from keygen" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from keygen" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from keygen" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from keygen" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from keygen" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from keygen" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from keygen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand auth; and __fish_seen_subcommand_from keygen" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand profile; and not __fish_seen_subcommand_from list use show" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand profile; and not __fish_seen_subcommand_from list use show" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand profile; and not __fish_seen_subcommand_from list use show" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand profile; and not __fish_seen_subcommand_from list use show" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand profile; and not __fish_seen_subcommand_from list use show" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand profile; and not __fish_seen_subcommand_from list use show" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand profile; and not __fish_seen_subcommand_from list use show" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand profile; and not __fish_seen_subcommand_from list use show" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand profile; and not __fish_seen_subcommand_from list use show" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand profile; and not __fish_seen_subcommand_from list use show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand profile; and not __fish_seen_subcommand_from list use show" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand profile; and not __fish_seen_subcommand_from list use show" -f -a "list" -d 'Every profile; * marks the default (a service owner\'s) and the one `dp inbox` reads as (a person\'s)'
complete -c dp -n "__fish_dp_using_subcommand profile; and not __fish_seen_subcommand_from list use show" -f -a "use" -d 'Make a profile the default'
complete -c dp -n "__fish_dp_using_subcommand profile; and not __fish_seen_subcommand_from list use show" -f -a "show" -d 'One profile\'s settings and where its secrets are (never the secrets)'
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from list" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from list" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from list" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from list" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from list" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from list" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from list" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from list" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from use" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from use" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from use" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from use" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from use" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from use" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from use" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from use" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from use" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from use" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from use" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from show" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from show" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from show" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from show" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from show" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from show" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from show" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from show" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand profile; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand migrate; and not __fish_seen_subcommand_from import init-mapping sample" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand migrate; and not __fish_seen_subcommand_from import init-mapping sample" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand migrate; and not __fish_seen_subcommand_from import init-mapping sample" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand migrate; and not __fish_seen_subcommand_from import init-mapping sample" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand migrate; and not __fish_seen_subcommand_from import init-mapping sample" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand migrate; and not __fish_seen_subcommand_from import init-mapping sample" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand migrate; and not __fish_seen_subcommand_from import init-mapping sample" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand migrate; and not __fish_seen_subcommand_from import init-mapping sample" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand migrate; and not __fish_seen_subcommand_from import init-mapping sample" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand migrate; and not __fish_seen_subcommand_from import init-mapping sample" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand migrate; and not __fish_seen_subcommand_from import init-mapping sample" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand migrate; and not __fish_seen_subcommand_from import init-mapping sample" -f -a "import" -d 'Import records as dialogs: streaming, idempotent, resumable, silent by default'
complete -c dp -n "__fish_dp_using_subcommand migrate; and not __fish_seen_subcommand_from import init-mapping sample" -f -a "init-mapping" -d 'Write a commented starting mapping file'
complete -c dp -n "__fish_dp_using_subcommand migrate; and not __fish_seen_subcommand_from import init-mapping sample" -f -a "sample" -d 'Write realistic synthetic Altinn 2 records (JSON lines), the same for the same seed'
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from import" -l format -d 'The record format' -r -f -a "dialogs-jsonl\t'One create-dialog body (the API\'s JSON) per line'
a2-archive\t'Altinn 2 archived form tasks, with Altinn 2\'s field names'
a2-correspondence\t'Altinn 2 correspondences, with Altinn 2\'s field names'"
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from import" -l mapping -d 'The mapping file (TOML); see `dp migrate init-mapping` [default: built-in defaults]' -r -F
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from import" -l concurrency -d 'Requests in flight at most. With --pace adaptive (the default) dp finds how many the service takes, up to this; with --pace fixed it keeps exactly this many' -r
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from import" -l rate -d 'At most this many dialogs per second, e.g. 200 or 200/s (a hard cap)' -r
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from import" -l pace -d 'adaptive: start with a few requests in flight, grow while latency stays low, back off on 429, 503 and rising latency, and let Retry-After and X-RateLimit-* pace the whole import. fixed: --concurrency requests in flight, always' -r -f -a "adaptive\t'Learn it from the service\'s answers, up to --concurrency'
fixed\t'Always --concurrency'"
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from import" -l existing -d 'What to do with dialogs that exist already' -r -f -a "skip\t'Leave it as it is (count it as already imported)'
update\t'Update it from the record (a silent PUT unless --no-silent)'"
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from import" -l journal -d 'The journal [default: the first input with .dp-journal appended]' -r -F
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from import" -l shard -d 'Take part I of N of the input (0-based), e.g. 3/8: every record falls in exactly one part' -r
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from import" -l failures -d 'Where failed records go [default: beside the journal, .failures.jsonl]' -r -F
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from import" -l report -d 'Also write the summary as JSON to this file' -r -F
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from import" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from import" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from import" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from import" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from import" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from import" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from import" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from import" -l resume -d 'Continue the run the journal records'
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from import" -l fresh -d 'Start over, replacing an existing journal'
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from import" -l dry-run -d 'Map and check everything, send nothing'
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from import" -l no-silent -d 'Emit events and bump timestamps (by default imports are silent updates)'
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from import" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from import" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from init-mapping" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from init-mapping" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from init-mapping" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from init-mapping" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from init-mapping" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from init-mapping" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from init-mapping" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from init-mapping" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from init-mapping" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from init-mapping" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from init-mapping" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from sample" -l format -d 'a2-archive or a2-correspondence' -r -f -a "dialogs-jsonl\t'One create-dialog body (the API\'s JSON) per line'
a2-archive\t'Altinn 2 archived form tasks, with Altinn 2\'s field names'
a2-correspondence\t'Altinn 2 correspondences, with Altinn 2\'s field names'"
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from sample" -l count -d 'How many records' -r
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from sample" -l seed -d 'The seed' -r
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from sample" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from sample" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from sample" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from sample" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from sample" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from sample" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from sample" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from sample" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from sample" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from sample" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand migrate; and __fish_seen_subcommand_from sample" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list update patch delete restore purge freeze lookup template activity transmission label system-label seenlog" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list update patch delete restore purge freeze lookup template activity transmission label system-label seenlog" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list update patch delete restore purge freeze lookup template activity transmission label system-label seenlog" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list update patch delete restore purge freeze lookup template activity transmission label system-label seenlog" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list update patch delete restore purge freeze lookup template activity transmission label system-label seenlog" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list update patch delete restore purge freeze lookup template activity transmission label system-label seenlog" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list update patch delete restore purge freeze lookup template activity transmission label system-label seenlog" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list update patch delete restore purge freeze lookup template activity transmission label system-label seenlog" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list update patch delete restore purge freeze lookup template activity transmission label system-label seenlog" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list update patch delete restore purge freeze lookup template activity transmission label system-label seenlog" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list update patch delete restore purge freeze lookup template activity transmission label system-label seenlog" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list update patch delete restore purge freeze lookup template activity transmission label system-label seenlog" -f -a "create" -d 'Create a dialog from a JSON body and/or flags; prints its id'
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list update patch delete restore purge freeze lookup template activity transmission label system-label seenlog" -f -a "get" -d 'Show one dialog: a readable view on a terminal, the whole dialog with -o json'
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list update patch delete restore purge freeze lookup template activity transmission label system-label seenlog" -f -a "list" -d 'List dialogs, newest content first, following pages as far as asked'
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list update patch delete restore purge freeze lookup template activity transmission label system-label seenlog" -f -a "update" -d 'Replace a dialog\'s updatable parts (PUT); without -f, starts from the dialog as it is'
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list update patch delete restore purge freeze lookup template activity transmission label system-label seenlog" -f -a "patch" -d 'Change a dialog with JSON Patch (RFC 6902) from a file or --set/--add/--remove'
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list update patch delete restore purge freeze lookup template activity transmission label system-label seenlog" -f -a "delete" -d 'Soft-delete a dialog (end users see it as deleted; restore brings it back)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list update patch delete restore purge freeze lookup template activity transmission label system-label seenlog" -f -a "restore" -d 'Undo a soft delete'
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list update patch delete restore purge freeze lookup template activity transmission label system-label seenlog" -f -a "purge" -d 'Delete a dialog for good (asks first on a terminal; --yes does not)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list update patch delete restore purge freeze lookup template activity transmission label system-label seenlog" -f -a "freeze" -d 'Freeze a dialog so only admins can change it (needs the admin scope)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list update patch delete restore purge freeze lookup template activity transmission label system-label seenlog" -f -a "lookup" -d 'Find the dialog for an Altinn instance, correspondence or dialog URN'
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list update patch delete restore purge freeze lookup template activity transmission label system-label seenlog" -f -a "template" -d 'Print a valid starting body for `dp dialog create -f`'
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list update patch delete restore purge freeze lookup template activity transmission label system-label seenlog" -f -a "activity" -d 'Activities: the dialog\'s history'
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list update patch delete restore purge freeze lookup template activity transmission label system-label seenlog" -f -a "transmission" -d 'Transmissions: messages in the dialog'
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list update patch delete restore purge freeze lookup template activity transmission label system-label seenlog" -f -a "label" -d 'Your own labels on a dialog (never shown to end users)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list update patch delete restore purge freeze lookup template activity transmission label system-label seenlog" -f -a "system-label" -d 'End users\' system labels (Default, Bin, Archive, MarkedAsUnopened)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and not __fish_seen_subcommand_from create get list update patch delete restore purge freeze lookup template activity transmission label system-label seenlog" -f -a "seenlog" -d 'Who has seen a dialog'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -s f -l file -d 'JSON body (CreateDialog); - reads stdin' -r -F
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l resource -d 'Service resource, urn:altinn:resource:...' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l party -d 'The party: urn:altinn:organization:identifier-no:... or urn:altinn:person:identifier-no:...' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l title -d 'Title in one language, LANG=TEXT; repeat for more languages' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l summary -d 'Summary in one language, LANG=TEXT; repeat for more languages' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l status -d 'NotApplicable, InProgress, Draft, Awaiting, RequiresAttention or Completed' -r -f -a "InProgress\t''
Draft\t''
RequiresAttention\t''
Completed\t''
NotApplicable\t''
Awaiting\t''"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l progress -d 'Progress, 0 to 100' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l external-reference -d 'Your own reference for the dialog' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l due -d 'Due time, RFC 3339 (2030-01-31T12:00:00Z)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l label -d 'A service-owner label; repeat for more' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l id -d 'The dialog id (a UUIDv7 in the past); generated when left out' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l idempotent-key -d 'A key that makes a repeated create answer "already exists" instead of creating twice' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l silent -d 'A silent update: no events, no timestamp bumps, past dates allowed (for migrations)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from get" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from get" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from get" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from get" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from get" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from get" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from get" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from get" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from get" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l party -d 'Only this party; repeat for more' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l resource -d 'Only this service resource; repeat for more' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l status -d 'Only this status; repeat for more' -r -f -a "InProgress\t''
Draft\t''
RequiresAttention\t''
Completed\t''
NotApplicable\t''
Awaiting\t''"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l label -d 'Only dialogs with this service-owner label (a trailing * matches a prefix); repeat to require more' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l external-reference -d 'Only dialogs with this external reference' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l extended-status -d 'Only this extended status; repeat for more' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l system-label -d 'Only dialogs with this end-user system label (Default, Bin, Archive, ...); repeat for any of several' -r -f -a "Default\t''
Bin\t''
Archive\t''
MarkedAsUnopened\t''
Sent\t''"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l process -d 'Only dialogs in this process' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l end-user -d 'Only dialogs this end user can see (needs --party or --resource)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l search -d 'Free text in titles, summaries and search tags, at least 3 characters (needs --end-user)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l search-language -d 'Search texts in this language only' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l deleted -d 'Exclude, Include or Only soft-deleted dialogs [default: Exclude]' -r -f -a "Exclude\t''
Include\t''
Only\t''"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l content-seen -d 'Only dialogs whose content the end user has (true) or has not (false) seen' -r -f -a "true\t''
false\t''"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l created-after -d 'Created at or after this time (RFC 3339)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l created-before -d 'Created at or before this time' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l updated-after -d 'Updated at or after this time' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l updated-before -d 'Updated at or before this time' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l content-updated-after -d 'Content updated at or after this time' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l content-updated-before -d 'Content updated at or before this time' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l due-after -d 'Due at or after this time' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l due-before -d 'Due at or before this time' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l visible-after -d 'Visible from at or after this time' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l visible-before -d 'Visible from at or before this time' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l order-by -d 'Sort order, e.g. createdAt_desc, dueAt_asc' -r -f -a "createdAt_desc\t''
createdAt_asc\t''
updatedAt_desc\t''
updatedAt_asc\t''
dueAt_desc\t''
dueAt_asc\t''
contentUpdatedAt_desc\t''
contentUpdatedAt_asc\t''"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l limit -d 'How many dialogs to show' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l exclude-api-only -d 'Leave out API-only dialogs'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l all -d 'Every matching dialog, however many'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from update" -l if-match -d 'Only if the dialog is still at this revision (else exit 6)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from update" -s f -l file -d 'JSON body (UpdateDialog); - reads stdin' -r -F
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from update" -l title -d 'Title in one language, LANG=TEXT; repeat for more languages' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from update" -l summary -d 'Summary in one language, LANG=TEXT; repeat for more languages' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from update" -l status -d 'NotApplicable, InProgress, Draft, Awaiting, RequiresAttention or Completed' -r -f -a "InProgress\t''
Draft\t''
RequiresAttention\t''
Completed\t''
NotApplicable\t''
Awaiting\t''"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from update" -l progress -d 'Progress, 0 to 100' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from update" -l external-reference -d 'Your own reference for the dialog' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from update" -l due -d 'Due time, RFC 3339 (2030-01-31T12:00:00Z)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from update" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from update" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from update" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from update" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from update" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from update" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from update" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from update" -l silent -d 'A silent update: no events, no timestamp bumps (for migrations and corrections)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from update" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from update" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from update" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from patch" -l if-match -d 'Only if the dialog is still at this revision (else exit 6)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from patch" -s f -l file -d 'RFC 6902 operations as a JSON array; - reads stdin' -r -F
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from patch" -l set -d 'Replace the value at PATH' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from patch" -l add -d 'Add a value at PATH (PATH/- appends to a list)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from patch" -l remove -d 'Remove the value at PATH' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from patch" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from patch" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from patch" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from patch" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from patch" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from patch" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from patch" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from patch" -l silent -d 'A silent update: no events, no timestamp bumps (for migrations and corrections)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from patch" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from patch" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from patch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from patch" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from delete" -l if-match -d 'Only if the dialog is still at this revision (else exit 6)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from delete" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from delete" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from delete" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from delete" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from delete" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from delete" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from delete" -l silent -d 'A silent update: no events, no timestamp bumps (for migrations and corrections)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from delete" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from delete" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from restore" -l if-match -d 'Only if the dialog is still at this revision (else exit 6)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from restore" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from restore" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from restore" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from restore" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from restore" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from restore" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from restore" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from restore" -l silent -d 'A silent update: no events, no timestamp bumps (for migrations and corrections)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from restore" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from restore" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from restore" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from restore" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from purge" -l if-match -d 'Only if the dialog is still at this revision (else exit 6)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from purge" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from purge" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from purge" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from purge" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from purge" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from purge" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from purge" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from purge" -l silent -d 'A silent update: no events, no timestamp bumps (for migrations and corrections)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from purge" -s y -l yes -d 'Do not ask (a terminal is asked before purging; scripts are not)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from purge" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from purge" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from purge" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from purge" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from freeze" -l if-match -d 'Only if the dialog is still at this revision (else exit 6)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from freeze" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from freeze" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from freeze" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from freeze" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from freeze" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from freeze" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from freeze" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from freeze" -l silent -d 'A silent update: no events, no timestamp bumps (for migrations and corrections)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from freeze" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from freeze" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from freeze" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from freeze" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from lookup" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from lookup" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from lookup" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from lookup" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from lookup" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from lookup" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from lookup" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from lookup" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from lookup" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from lookup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from lookup" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from template" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from template" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from template" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from template" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from template" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from template" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from template" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from template" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from template" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from template" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from template" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from activity" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from activity" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from activity" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from activity" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from activity" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from activity" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from activity" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from activity" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from activity" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from activity" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from activity" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from activity" -f -a "add" -d 'Append an activity to a dialog\'s history'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from activity" -f -a "list" -d 'A dialog\'s activities, oldest first'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from activity" -f -a "get" -d 'One activity'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from transmission" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from transmission" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from transmission" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from transmission" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from transmission" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from transmission" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from transmission" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from transmission" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from transmission" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from transmission" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from transmission" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from transmission" -f -a "add" -d 'Append a transmission (a message from the service owner, or on the party\'s behalf)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from transmission" -f -a "list" -d 'A dialog\'s transmissions'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from transmission" -f -a "get" -d 'One transmission'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from transmission" -f -a "update" -d 'Correct a transmission in place (always silent; needs the changetransmissions scope)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from label" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from label" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from label" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from label" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from label" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from label" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from label" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from label" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from label" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from label" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from label" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from label" -f -a "add" -d 'Add a label (3 to 255 characters, stored in lower case)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from label" -f -a "remove" -d 'Remove a label'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from label" -f -a "list" -d 'A dialog\'s labels'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from system-label" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from system-label" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from system-label" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from system-label" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from system-label" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from system-label" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from system-label" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from system-label" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from system-label" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from system-label" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from system-label" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from system-label" -f -a "set" -d 'Change one dialog\'s labels on behalf of an end user'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from system-label" -f -a "bulk-set" -d 'Change up to 100 dialogs\' labels at once, all or nothing'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from system-label" -f -a "list" -d 'Every dialog\'s labels for some parties (for syncing an inbox)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from seenlog" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from seenlog" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from seenlog" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from seenlog" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from seenlog" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from seenlog" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from seenlog" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from seenlog" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from seenlog" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from seenlog" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from seenlog" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from seenlog" -f -a "list" -d 'Who has seen a dialog, and when'
complete -c dp -n "__fish_dp_using_subcommand dialog; and __fish_seen_subcommand_from seenlog" -f -a "get" -d 'One seen-log entry'
complete -c dp -n "__fish_dp_using_subcommand events; and not __fish_seen_subcommand_from list tail listen subscribe subscriptions show" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand events; and not __fish_seen_subcommand_from list tail listen subscribe subscriptions show" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand events; and not __fish_seen_subcommand_from list tail listen subscribe subscriptions show" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand events; and not __fish_seen_subcommand_from list tail listen subscribe subscriptions show" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand events; and not __fish_seen_subcommand_from list tail listen subscribe subscriptions show" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand events; and not __fish_seen_subcommand_from list tail listen subscribe subscriptions show" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand events; and not __fish_seen_subcommand_from list tail listen subscribe subscriptions show" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand events; and not __fish_seen_subcommand_from list tail listen subscribe subscriptions show" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand events; and not __fish_seen_subcommand_from list tail listen subscribe subscriptions show" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand events; and not __fish_seen_subcommand_from list tail listen subscribe subscriptions show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand events; and not __fish_seen_subcommand_from list tail listen subscribe subscriptions show" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand events; and not __fish_seen_subcommand_from list tail listen subscribe subscriptions show" -f -a "list" -d 'One page of events, oldest first.'
complete -c dp -n "__fish_dp_using_subcommand events; and not __fish_seen_subcommand_from list tail listen subscribe subscriptions show" -f -a "tail" -d 'Events since the last one this tail printed; with --follow, new ones as they come.'
complete -c dp -n "__fish_dp_using_subcommand events; and not __fish_seen_subcommand_from list tail listen subscribe subscriptions show" -f -a "listen" -d 'A local webhook receiver: answers the handshake, prints each event, can forward it.'
complete -c dp -n "__fish_dp_using_subcommand events; and not __fish_seen_subcommand_from list tail listen subscribe subscriptions show" -f -a "subscribe" -d 'Subscribe a webhook to a resource\'s events.'
complete -c dp -n "__fish_dp_using_subcommand events; and not __fish_seen_subcommand_from list tail listen subscribe subscriptions show" -f -a "subscriptions" -d 'Your webhook subscriptions: list, get, delete'
complete -c dp -n "__fish_dp_using_subcommand events; and not __fish_seen_subcommand_from list tail listen subscribe subscriptions show" -f -a "show" -d 'An event (by id, or from a file or - for stdin) and the dialog, activity or transmission it points to.'
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from list" -s r -l resource -d 'The service resource: urn:altinn:resource:NAME, or just NAME' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from list" -s t -l type -d 'Only this type (repeatable): a full type, or short like created, activity.form-submitted' -r -f -a "created\t''
updated\t''
deleted\t''
restored\t''
seen\t''
transmission.created\t''
activity.created\t''
activity.closed\t''
activity.information\t''
activity.transmission-opened\t''
activity.payment-made\t''
activity.signature-provided\t''
activity.dialog-opened\t''
activity.dialog-deleted\t''
activity.dialog-restored\t''
activity.sent-to-signing\t''
activity.sent-to-form-fill\t''
activity.sent-to-send-in\t''
activity.sent-to-payment\t''
activity.form-submitted\t''
activity.form-saved\t''
activity.correspondence-opened\t''
activity.correspondence-confirmed\t''
platform.events.validatesubscription\t''"
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from list" -l subject -d 'Only events about this party (a URN, or an organisation or national identity number)' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from list" -l after -d 'Start after this event id [default: the beginning]' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from list" -l size -d 'Events per page (Altinn Events allows 1 to 1000)' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from list" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from list" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from list" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from list" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from list" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from list" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from list" -l all -d 'Every page to the end, not just one'
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from list" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from list" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from tail" -s r -l resource -d 'The service resource: urn:altinn:resource:NAME, or just NAME' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from tail" -s t -l type -d 'Only this type (repeatable): a full type, or short like created, activity.form-submitted' -r -f -a "created\t''
updated\t''
deleted\t''
restored\t''
seen\t''
transmission.created\t''
activity.created\t''
activity.closed\t''
activity.information\t''
activity.transmission-opened\t''
activity.payment-made\t''
activity.signature-provided\t''
activity.dialog-opened\t''
activity.dialog-deleted\t''
activity.dialog-restored\t''
activity.sent-to-signing\t''
activity.sent-to-form-fill\t''
activity.sent-to-send-in\t''
activity.sent-to-payment\t''
activity.form-submitted\t''
activity.form-saved\t''
activity.correspondence-opened\t''
activity.correspondence-confirmed\t''
platform.events.validatesubscription\t''"
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from tail" -l subject -d 'Only events about this party (a URN, or an organisation or national identity number)' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from tail" -l interval -d 'How often to poll with --follow, e.g. 2s or 500ms' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from tail" -l after -d 'Start after this event id, ignoring the saved position' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from tail" -l state -d 'Where the position is kept [default: dp\'s state directory]' -r -F
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from tail" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from tail" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from tail" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from tail" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from tail" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from tail" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from tail" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from tail" -s f -l follow -d 'Keep polling for new events until interrupted'
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from tail" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from tail" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from tail" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from tail" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from listen" -s p -l port -d 'The port on 127.0.0.1 (0 picks a free one)' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from listen" -l forward-to -d 'Post each event on to this URL' -r -f
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from listen" -s t -l type -d 'Only print and forward these types (others are acknowledged and dropped)' -r -f -a "created\t''
updated\t''
deleted\t''
restored\t''
seen\t''
transmission.created\t''
activity.created\t''
activity.closed\t''
activity.information\t''
activity.transmission-opened\t''
activity.payment-made\t''
activity.signature-provided\t''
activity.dialog-opened\t''
activity.dialog-deleted\t''
activity.dialog-restored\t''
activity.sent-to-signing\t''
activity.sent-to-form-fill\t''
activity.sent-to-send-in\t''
activity.sent-to-payment\t''
activity.form-submitted\t''
activity.form-saved\t''
activity.correspondence-opened\t''
activity.correspondence-confirmed\t''
platform.events.validatesubscription\t''"
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from listen" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from listen" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from listen" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from listen" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from listen" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from listen" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from listen" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from listen" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from listen" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from listen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from listen" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from subscribe" -l endpoint -d 'Where events are posted (https; plain http only on loopback for a local server)' -r -f
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from subscribe" -s r -l resource -d 'The service resource: urn:altinn:resource:NAME, or just NAME' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from subscribe" -s t -l type -d 'Only this one type (Altinn Events takes one)' -r -f -a "created\t''
updated\t''
deleted\t''
restored\t''
seen\t''
transmission.created\t''
activity.created\t''
activity.closed\t''
activity.information\t''
activity.transmission-opened\t''
activity.payment-made\t''
activity.signature-provided\t''
activity.dialog-opened\t''
activity.dialog-deleted\t''
activity.dialog-restored\t''
activity.sent-to-signing\t''
activity.sent-to-form-fill\t''
activity.sent-to-send-in\t''
activity.sent-to-payment\t''
activity.form-submitted\t''
activity.form-saved\t''
activity.correspondence-opened\t''
activity.correspondence-confirmed\t''
platform.events.validatesubscription\t''"
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from subscribe" -l subject -d 'Only events about this party' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from subscribe" -l source -d 'Only events whose source starts with this (one dialog: its end-user URL)' -r -f
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from subscribe" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from subscribe" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from subscribe" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from subscribe" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from subscribe" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from subscribe" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from subscribe" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from subscribe" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from subscribe" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from subscribe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from subscribe" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from subscriptions" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from subscriptions" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from subscriptions" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from subscriptions" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from subscriptions" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from subscriptions" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from subscriptions" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from subscriptions" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from subscriptions" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from subscriptions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from subscriptions" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from subscriptions" -f -a "list" -d 'Every subscription you made'
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from subscriptions" -f -a "get" -d 'One subscription'
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from subscriptions" -f -a "delete" -d 'Deletes a subscription'
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from show" -s r -l resource -d 'The resource to look the id up in (not needed for a file)' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from show" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from show" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from show" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from show" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from show" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from show" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from show" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from show" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand events; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand inbox; and not __fish_seen_subcommand_from parties list get open" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand inbox; and not __fish_seen_subcommand_from parties list get open" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand inbox; and not __fish_seen_subcommand_from parties list get open" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand inbox; and not __fish_seen_subcommand_from parties list get open" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand inbox; and not __fish_seen_subcommand_from parties list get open" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand inbox; and not __fish_seen_subcommand_from parties list get open" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand inbox; and not __fish_seen_subcommand_from parties list get open" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand inbox; and not __fish_seen_subcommand_from parties list get open" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand inbox; and not __fish_seen_subcommand_from parties list get open" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand inbox; and not __fish_seen_subcommand_from parties list get open" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand inbox; and not __fish_seen_subcommand_from parties list get open" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand inbox; and not __fish_seen_subcommand_from parties list get open" -f -a "parties" -d 'The parties you act for: yourself, and the organisations and persons you represent'
complete -c dp -n "__fish_dp_using_subcommand inbox; and not __fish_seen_subcommand_from parties list get open" -f -a "list" -d 'Your dialogs, as Altinn\'s inbox lists them (every party you act for, unless --party)'
complete -c dp -n "__fish_dp_using_subcommand inbox; and not __fish_seen_subcommand_from parties list get open" -f -a "get" -d 'One dialog as you see it: texts in your language, each action and whether you may do it, what you have seen, and the dialog token the service\'s actions take'
complete -c dp -n "__fish_dp_using_subcommand inbox; and not __fish_seen_subcommand_from parties list get open" -f -a "open" -d 'Open the local arbeidsflate in your browser, at one dialog or the list: see and use your dialogs as the person does (a dp-server --dev, or the sandbox, served until Ctrl-C; you log in there with a national identity number)'
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from parties" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from parties" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from parties" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from parties" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from parties" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from parties" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from parties" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from parties" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from parties" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from parties" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from parties" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from list" -l party -d 'Only this party (URN); repeat for more [default: every party you act for]' -r
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from list" -l resource -d 'Only this service resource; repeat for more' -r
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from list" -l search -d 'Text in the title, summary or sender (3 characters or more)' -r
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from list" -l status -d 'Only dialogs with this status; repeat for more' -r -f -a "InProgress\t''
Draft\t''
RequiresAttention\t''
Completed\t''
NotApplicable\t''
Awaiting\t''"
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from list" -l label -d 'Only dialogs with this system label (Default, Bin, Archive, MarkedAsUnopened, Sent)' -r -f -a "Default\t''
Bin\t''
Archive\t''
MarkedAsUnopened\t''
Sent\t''"
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from list" -l limit -d 'How many at most' -r
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from list" -l lang -d 'Texts in this language when the dialog has it (nb, nn, en) [default: from LANG, else nb]' -r -f -a "nb\t''
nn\t''
en\t''"
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from list" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from list" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from list" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from list" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from list" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from list" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from list" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from list" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from get" -l lang -d 'Texts in this language when the dialog has it (nb, nn, en) [default: from LANG, else nb]' -r -f -a "nb\t''
nn\t''
en\t''"
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from get" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from get" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from get" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from get" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from get" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from get" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from get" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from get" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from get" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from open" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from open" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from open" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from open" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from open" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from open" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from open" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from open" -l no-browser -d 'Print the page\'s address instead of opening a browser'
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from open" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from open" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from open" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand inbox; and __fish_seen_subcommand_from open" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and not __fish_seen_subcommand_from decode verify" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and not __fish_seen_subcommand_from decode verify" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and not __fish_seen_subcommand_from decode verify" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and not __fish_seen_subcommand_from decode verify" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and not __fish_seen_subcommand_from decode verify" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and not __fish_seen_subcommand_from decode verify" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and not __fish_seen_subcommand_from decode verify" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and not __fish_seen_subcommand_from decode verify" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and not __fish_seen_subcommand_from decode verify" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and not __fish_seen_subcommand_from decode verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and not __fish_seen_subcommand_from decode verify" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and not __fish_seen_subcommand_from decode verify" -f -a "decode" -d 'Show a token\'s header and claims, checking nothing'
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and not __fish_seen_subcommand_from decode verify" -f -a "verify" -d 'Check a token as a service\'s backend must: signature, typ, issuer, lifetime, dialog, actions, level'
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and __fish_seen_subcommand_from decode" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and __fish_seen_subcommand_from decode" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and __fish_seen_subcommand_from decode" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and __fish_seen_subcommand_from decode" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and __fish_seen_subcommand_from decode" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and __fish_seen_subcommand_from decode" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and __fish_seen_subcommand_from decode" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and __fish_seen_subcommand_from decode" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and __fish_seen_subcommand_from decode" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and __fish_seen_subcommand_from decode" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and __fish_seen_subcommand_from verify" -l dialog -d 'The dialog the request is about (its `i` must be this id)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and __fish_seen_subcommand_from verify" -l action -d 'An action the request needs (repeatable): `write`, or `action,urn:altinn:resource:…`' -r
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and __fish_seen_subcommand_from verify" -l entity -d 'An entity id or tokenRef the request needs among the authorised ones (repeatable)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and __fish_seen_subcommand_from verify" -l min-level -d 'The lowest authentication level the service takes' -r
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and __fish_seen_subcommand_from verify" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and __fish_seen_subcommand_from verify" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and __fish_seen_subcommand_from verify" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and __fish_seen_subcommand_from verify" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and __fish_seen_subcommand_from verify" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and __fish_seen_subcommand_from verify" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and __fish_seen_subcommand_from verify" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and __fish_seen_subcommand_from verify" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand dialog-token; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand api" -l input -d 'The request body from a file; - reads stdin' -r -F
complete -c dp -n "__fish_dp_using_subcommand api" -s H -l header -d 'A request header, \'Name: value\'; repeat for more' -r
complete -c dp -n "__fish_dp_using_subcommand api" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand api" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand api" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand api" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand api" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand api" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand api" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand api" -s i -l include -d 'Print the status line and response headers before the body'
complete -c dp -n "__fish_dp_using_subcommand api" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand api" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand api" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand api" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand completions" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand completions" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand completions" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand completions" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand completions" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand completions" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand completions" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand completions" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand completions" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand completions" -s V -l version -d 'Print version'
complete -c dp -n "__fish_dp_using_subcommand help" -l env -d 'Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod' -r -f -a "local\t''
test\t''
tt02\t''
yt01\t''
prod\t''"
complete -c dp -n "__fish_dp_using_subcommand help" -l base-url -d 'A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server' -r -f
complete -c dp -n "__fish_dp_using_subcommand help" -l token -d 'A ready bearer token for --env or --base-url; overrides every other credential' -r
complete -c dp -n "__fish_dp_using_subcommand help" -l profile -d 'The profile to use (see `dp profile list`) [default: the default profile]' -r
complete -c dp -n "__fish_dp_using_subcommand help" -l timeout -d 'Seconds one attempt of a request may take, connecting included (retries get their own)' -r
complete -c dp -n "__fish_dp_using_subcommand help" -s o -l output -d 'Output format [default: table on a terminal, plain text when piped]' -r -f -a "table\t'Aligned columns under a header, fitted to the terminal [default on a terminal]'
tsv\t'Tab-separated rows without a header, nothing cut [default when piped]'
json\t'One JSON document'
jsonl\t'One JSON value per line'
yaml\t'YAML'"
complete -c dp -n "__fish_dp_using_subcommand help" -l jq -d 'Filter the JSON output with a jq expression (built in; strings print raw), e.g. \'.[].id\'; -o json or none' -r
complete -c dp -n "__fish_dp_using_subcommand help" -s v -l debug -l verbose -d 'Log each request on stderr (method, URL, status, time, retries) and where the target and credentials come from; never a token, key or password'
complete -c dp -n "__fish_dp_using_subcommand help" -l allow-insecure-http -d 'Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it)'
complete -c dp -n "__fish_dp_using_subcommand help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dp -n "__fish_dp_using_subcommand help" -s V -l version -d 'Print version'
