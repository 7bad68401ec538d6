// gdlearn in the browser's Python: Pyodide in Node, from the npm package, with no network.
//
//   node .ci/pyodide/check.mjs WHEEL [REFERENCE_PYTHON]
//
// Loads Pyodide from .ci/pyodide/node_modules (npm install pyodide there; .ci/run does),
// unpacks the built wheel into Pyodide's site-packages, and runs session.py there: the
// README's doctests, every module's doctests, `gdlearn demo`, `demo --plot` into the
// in-memory file system, `explain`, the seeded runs of tests/seeded_runs.py, a caught
// DivergenceError and a model file. Then it runs session.py in REFERENCE_PYTHON (a
// CPython >= 3.12, whose sum() is compensated as Pyodide's is) on the same source and
// requires the same stdout, the same pictures and the same seeded runs, bit for bit;
// only logistic regression, whose exp and log come from each platform's C library, is
// held to a relative 1e-12 instead.
// Without a reference it says so and checks Pyodide alone. Exit status 1 on any failure.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const [wheel, reference] = process.argv.slice(2);
if (!wheel) {
  console.error("usage: node .ci/pyodide/check.mjs WHEEL [REFERENCE_PYTHON]");
  process.exit(2);
}
const failures = [];
const expect = (ok, what) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures.push(what);
};

const started = performance.now();
const pyodide = await loadPyodide(); // from the package's own folder: no network
const loaded = performance.now();
const files = {
  "/check/README.md": join(root, "README.md"),
  "/check/session.py": join(here, "session.py"),
  "/check/seeded_runs.py": join(root, "tests", "seeded_runs.py"),
  "/tmp/gdlearn.whl": resolve(wheel),
};
pyodide.FS.mkdirTree("/check");
for (const [target, source] of Object.entries(files)) pyodide.FS.writeFile(target, readFileSync(source));
pyodide.runPython(`
import importlib, sysconfig, zipfile
zipfile.ZipFile("/tmp/gdlearn.whl").extractall(sysconfig.get_path("purelib"))
importlib.invalidate_caches()
`);
const ourReport = pyodide.runPython(`
import sys
sys.path.insert(0, "/check")
import session
session.report("/check/README.md", "/tmp/out")
`);
const ours = JSON.parse(ourReport);
const finished = performance.now();
console.log(`Pyodide ${pyodide.version}, Python ${ours.python.join(".")} (${ours.platform}), Node ${process.version}`);
console.log(
  `loaded in ${((loaded - started) / 1000).toFixed(1)} s, checks in ${((finished - loaded) / 1000).toFixed(1)} s:`,
  JSON.stringify(ours.seconds),
);

expect(ours.readme.failed === 0 && ours.readme.attempted > 0, `README quick start: ${ours.readme.attempted} examples`);
if (ours.readme.failed) console.log(ours.readme.report);
expect(
  ours.doctests.failed.length === 0,
  `doctests of ${ours.doctests.modules} modules: ${ours.doctests.attempted} examples`,
);
for (const failure of ours.doctests.failed) console.log(failure);
expect(ours.demo.status === 0 && ours.demo.stdout.includes("least squares"), "gdlearn demo");
const plots = Object.keys(ours.demo_plot.files);
expect(ours.demo_plot.status === 0 && plots.length === 3, `gdlearn demo --plot, in memory: ${plots.join(", ")}`);
expect(ours.explain.status === 0 && ours.explain.stdout.includes("update"), "gdlearn explain");
const caught = ours.divergence;
expect(
  caught.stop_reason === "diverged" && caught.mime.includes("image/svg+xml"),
  `DivergenceError caught after ${caught.n_iter} updates, its run displayed as ${caught.mime.join(" + ")}`,
);
expect(ours.model_file.before.join() === ours.model_file.after.join(), "a model saved, loaded and used");

if (!reference) {
  console.log("no CPython >= 3.12 given: Pyodide's runs were not compared with CPython's");
} else {
  const outdir = mkdtempSync(join(tmpdir(), "gdlearn-pyodide-"));
  // no COLUMNS: the demo's chart takes the width it names, and Pyodide's Python sees none
  const { COLUMNS: _columns, ...inherited } = process.env;
  const env = { ...inherited, PYTHONPATH: [root, join(root, "tests")].join(":"), PYTHONIOENCODING: "utf-8" };
  const ran = spawnSync(reference, [join(here, "session.py"), join(root, "README.md"), outdir], {
    encoding: "utf-8",
    env,
    maxBuffer: 1 << 28,
  });
  if (ran.status !== 0) {
    expect(false, `the reference ${reference} ran: ${ran.stderr}`);
  } else {
    const theirs = JSON.parse(ran.stdout);
    const version = `CPython ${theirs.python.join(".")}`;
    expect(ours.demo.stdout === theirs.demo.stdout, `demo's stdout identical to ${version}'s`);
    expect(ours.explain.stdout === theirs.explain.stdout, `explain's stdout identical to ${version}'s`);
    expect(
      JSON.stringify(ours.demo_plot.files) === JSON.stringify(theirs.demo_plot.files),
      `demo --plot's pictures identical to ${version}'s, byte for byte`,
    );
    pyodide.globals.set("reports", [ourReport, ran.stdout]);
    const differences = JSON.parse(pyodide.runPython("session.differences(*reports)"));
    for (const [name, run] of Object.entries(theirs.seeded)) {
      const what = `seeded run '${name}' (${run.loss.length} losses): θ and history`;
      if (name === "logistic") {
        // exp and log come from each platform's C library, which may round them differently
        const difference = differences[name];
        expect(difference <= 1e-12, `${what} within ${difference.toExponential(1)} of ${version}'s (exp, log: the platform's)`);
      } else {
        const same = JSON.stringify(ours.seeded[name]) === JSON.stringify(run);
        expect(same, `${what} identical to ${version}'s, bit for bit`);
      }
    }
    expect(ours.divergence.message === theirs.divergence.message, `DivergenceError message identical to ${version}'s`);
    expect(ours.model_file.after.join() === theirs.model_file.after.join(), `model predictions identical to ${version}'s`);
  }
}
console.log(`${failures.length === 0 ? "passed" : "FAILED"} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exit(failures.length === 0 ? 0 : 1);
