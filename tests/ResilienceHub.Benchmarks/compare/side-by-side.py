#!/usr/bin/env python3
"""Two builds' national dashboard, side by side: both APIs run at once and their requests alternate (A B B A ...), so
that both meet the same machine load, however it varies. For each: the API's processor time per request, and the
minimum, p10, p50 and p95 of the request's time; then the median of the per-pair ratios.

Each checkout must have been built in Release and have run the benchmark once (for its national database, in
artifacts/benchmarks/). Usage, from anywhere:
    side-by-side.py CHECKOUT_A CHECKOUT_B [REQUESTS] [--no-sharing-setting-in A|B]
Answers are shared by neither (GraphQL:ShareAnswers=false), so each request computes the dashboard; a checkout from
before that setting existed is named after --no-sharing-setting-in.
"""
import base64, os, re, shutil, socket, subprocess, sys, tempfile, time, urllib.request

args = [a for a in sys.argv[1:] if not a.startswith("--")]
older = sys.argv[sys.argv.index("--no-sharing-setting-in") + 1] if "--no-sharing-setting-in" in sys.argv else None
if len(args) < 2:
    sys.exit(__doc__)
checkout_a, checkout_b = args[0], args[1]
requests = int(args[2]) if len(args) > 2 and args[2].isdigit() else 200
key = base64.b64encode(os.urandom(32)).decode()
work = tempfile.mkdtemp(prefix="side-by-side-")
body = open(os.path.join(checkout_a, "artifacts/benchmarks/dashboard-national.data.lua")).read().split("[==[")[1].split("]==]")[0].encode()


class Api:
    def __init__(self, label, checkout, shares_setting):
        self.label = label
        dll = os.path.join(checkout, "src/ResilienceHub.Api/bin/Release/net10.0/ResilienceHub.Api.dll")
        env = dict(os.environ, ASPNETCORE_ENVIRONMENT="Testing", DOTNET_ENVIRONMENT="Testing")
        env.pop("OTEL_EXPORTER_OTLP_ENDPOINT", None)
        if shares_setting:
            env["GraphQL__ShareAnswers"] = "false"
        db = os.path.join(work, f"{label}.db")
        shutil.copy(os.path.join(checkout, "artifacts/benchmarks/national-14d-300o.db"), db)
        settings = [f"--ConnectionStrings:ResilienceHub=Data Source={db}", "--Database:Provider=Sqlite", "--Seed:Demo=true",
                    f"--Authentication:DevelopmentSigningKey={key}", "--RateLimiting:PermitLimit=1000000",
                    "--RateLimiting:Window=00:00:01", "--Dashboard:WarmUp=false"]
        out = subprocess.run(["dotnet", dll, "token", "--role", "DIRECTOR", "--group", "*"] + settings, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=os.path.dirname(dll)).stdout
        self.token = re.search(r"eyJ[\w.-]+", out).group(0)
        probe = socket.socket(); probe.bind(("127.0.0.1", 0)); self.port = probe.getsockname()[1]; probe.close()
        self.process = subprocess.Popen(["dotnet", dll, "--urls", f"http://127.0.0.1:{self.port}"] + settings, env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=os.path.dirname(dll))
        for _ in range(600):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health/live"); break
            except OSError:
                time.sleep(0.1)
        self.first = self.ask()[1]

    def ask(self):
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/graphql", data=body,
                                         headers={"content-type": "application/json", "authorization": "Bearer " + self.token})
        started = time.perf_counter()
        answer = urllib.request.urlopen(request).read()
        return time.perf_counter() - started, answer

    def cpu(self):
        fields = open(f"/proc/{self.process.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


a = Api("A", checkout_a, older != "A")
b = Api("B", checkout_b, older != "B")
try:
    print(f"answers: {len(a.first)} and {len(b.first)} bytes, {'the same' if a.first == b.first else 'DIFFERENT'}")
    for _ in range(40):
        a.ask(); b.ask()
    times_a, times_b, cpu_a, cpu_b = [], [], a.cpu(), b.cpu()
    for i in range(requests):
        first, second = (a, b) if i % 2 == 0 else (b, a)
        t_first, t_second = first.ask()[0], second.ask()[0]
        (times_a if first is a else times_b).append(t_first)
        (times_b if first is a else times_a).append(t_second)
    cpu_a, cpu_b = a.cpu() - cpu_a, b.cpu() - cpu_b
finally:
    a.process.kill(); b.process.kill()
    shutil.rmtree(work, ignore_errors=True)

at = lambda times, q: 1000 * sorted(times)[int(len(times) * q)]
for label, times, cpu in (("A", times_a, cpu_a), ("B", times_b, cpu_b)):
    print(f"{label}: processor {1000 * cpu / requests:5.1f} ms a request; min {1000 * min(times):5.1f}  p10 {at(times, .1):5.1f}"
          f"  p50 {at(times, .5):5.1f}  p95 {at(times, .95):5.1f} ms")
ratios = sorted(y / x for x, y in zip(times_a, times_b))
print(f"B / A per pair: median {ratios[len(ratios) // 2]:.3f} (p10 {ratios[len(ratios) // 10]:.3f}, p90 {ratios[len(ratios) * 9 // 10]:.3f})")
