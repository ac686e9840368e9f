"""What hostile documents cost the API: CPU of the API process per request, against `{ __typename }` in the same run.

Usage (from the repository): dotnet build -c Release src/ResilienceHub.Api && python3 tests/ResilienceHub.Benchmarks/hostile/hostile-cost.py
Starts the Release build on a database of its own in a temporary folder, with the demo incident and a test-only key.
"""
import json, os, subprocess, sys, tempfile, time, urllib.request, sqlite3, signal
root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
api = os.path.join(root, "src/ResilienceHub.Api/bin/Release/net10.0/ResilienceHub.Api.dll")
work = tempfile.mkdtemp(prefix="hostile-cost-")
env = dict(os.environ, ASPNETCORE_ENVIRONMENT="Testing", DOTNET_ENVIRONMENT="Testing")
db_path = os.path.join(work, "hostile.db")
key = "L6yx/yXXCrgpJ0LpTeV5V1M2Rrvm0byYlyS/L4u4NsA="
proc = subprocess.Popen(["dotnet", api, "--urls", "http://127.0.0.1:5097", f"--ConnectionStrings:ResilienceHub=Data Source={db_path}",
    "--Seed:Demo=true", f"--Authentication:DevelopmentSigningKey={key}", "--RateLimiting:PermitLimit=1000000", "--Dashboard:WarmUp=false"],
    cwd=os.path.dirname(api), env=env, stdout=open(os.path.join(work, "api.log"), "w"), stderr=subprocess.STDOUT)
for _ in range(100):
    try:
        urllib.request.urlopen("http://127.0.0.1:5097/health/live"); break
    except Exception: time.sleep(0.2)
def cpu():
    with open(f"/proc/{proc.pid}/stat") as f: parts = f.read().split(")")[1].split()
    return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")
def post(doc, token=None):
    req = urllib.request.Request("http://127.0.0.1:5097/graphql", data=json.dumps({"query": doc}).encode(), headers={"content-type": "application/json", **({"authorization": "Bearer "+token} if token else {})})
    try:
        with urllib.request.urlopen(req, timeout=120) as r: return r.read()
    except urllib.error.HTTPError as e: return e.read()
def doubling(d, s=2):
    t = "{ ...F0 }\n" + "".join(f"fragment F{i} on Query {{ {' '.join([f'...F{i+1}']*s)} }}\n" for i in range(d))
    return t + f"fragment F{d} on Query {{ __typename }}\n"
def chain(n): return "{ ...F0 }\n" + "".join(f"fragment F{i} on Query {{ ...F{i+1} }}\n" for i in range(n)) + f"fragment F{n} on Query {{ __typename }}\n"
docs = {
 "typename (baseline)": "{ __typename }",
 "fragments doubling 30 deep": doubling(30),
 "fragments x4, 7 deep": doubling(7, 4),
 "chain of 2,000 fragments": chain(2000),
 "chain of 8 fragments (allowed)": chain(7),
 "__typename x9,000 (100 KB)": "{ " + "__typename "*9000 + "}",
 "200 levels of nesting": "{ " + "incidents { "*200 + "id" + "}"*201,
 "unknown fields x1,900": "{ " + " ".join(f"m{i}" for i in range(1900)) + " }",
 "@skip x4,000 no argument": "{ __typename " + "@skip "*4000 + "}",
 "@skip x2,400 signed in": ("{ __typename " + "@skip "*2400 + "}", True),
 "unknown fields x990 signed in": ("{ " + " ".join(f"m{i}" for i in range(990)) + " }", True),
 "2,400 repeated arguments signed in": ("{ __typename(" + " ".join(["a: 1"]*2400) + ") }", True),
 "1,900 unused variables signed in": ("query(" + " ".join(f"$v{i}: Int" for i in range(1900)) + ") { __typename }", True),
 "standDownIncident x20 (anonymous)": "mutation { " + 'standDownIncident(incidentId: "1") { errors { code } } '*20 + "}",
}
token = subprocess.run(["dotnet", api, "token", "--role", "VIEWER", f"--Authentication:DevelopmentSigningKey={key}"], env=env, capture_output=True, text=True, cwd=os.path.dirname(api)).stdout.strip()
n = 30
print("| Document | bytes | requests | ms per request (wall) | ms CPU per request | first code |")
print("| --- | ---: | ---: | ---: | ---: | --- |")
for name, doc in docs.items():
    doc, signed = doc if isinstance(doc, tuple) else (doc, False)
    post(doc, token if signed else None)
    c0, t0 = cpu(), time.perf_counter()
    for _ in range(n): body = post(doc, token if signed else None)
    t1, c1 = time.perf_counter(), cpu()
    j = json.loads(body); code = (j.get("errors") or [{}])[0].get("extensions", {}).get("code", "ok")
    print(f"| {name} | {len(json.dumps({'query':doc}))} | {n} | {(t1-t0)*1000/n:.1f} | {(c1-c0)*1000/n:.1f} | {code} |")
db = sqlite3.connect(db_path)
print("audit rows after", n*(len(docs)+1), "requests:", db.execute("select count(*) from AuditEntries").fetchone()[0])
proc.send_signal(signal.SIGTERM); proc.wait(timeout=30)
print("audit rows after stop (the minute's summary):", db.execute("select count(*) from AuditEntries").fetchone()[0], db.execute("select Detail from AuditEntries").fetchall())
