"""Prints an end user's access token from dp-server's development ID-porten (authorization code
with PKCE; the development login takes the person's id).

    python3 login.py BASE PID
"""
import base64, hashlib, json, sys, urllib.parse, urllib.request, uuid
base = sys.argv[1]; pid = sys.argv[2]
verifier = f"verifier-{uuid.uuid4()}-{uuid.uuid4()}"
challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
redirect = "http://127.0.0.1:49200/callback"
q = urllib.parse.urlencode({"response_type": "code", "client_id": "dp-cli", "redirect_uri": redirect, "scope": "openid digdir:dialogporten", "state": "s", "code_challenge": challenge, "code_challenge_method": "S256", "pid": pid})
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k): return None
opener = urllib.request.build_opener(NoRedirect)
try:
    opener.open(f"{base}/idporten/authorize?{q}")
except urllib.error.HTTPError as e:
    location = e.headers["location"]
code = urllib.parse.parse_qs(urllib.parse.urlparse(location).query)["code"][0]
form = urllib.parse.urlencode({"grant_type": "authorization_code", "code": code, "redirect_uri": redirect, "client_id": "dp-cli", "code_verifier": verifier}).encode()
req = urllib.request.Request(f"{base}/idporten/token", data=form, headers={"content-type": "application/x-www-form-urlencoded"})
print(json.load(urllib.request.urlopen(req))["access_token"])
