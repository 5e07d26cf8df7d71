#!/usr/bin/env python3
"""Side-by-side comparison of qnet against QEMU 7.2 (the oracle).

For every case of a case list (default: topologies.txt beside this file) the
runner starts both programs with

    -nodefaults -S -display none -monitor stdio <case args>

feeds the monitor "info network", the case's extra commands and "quit" on
stdin, and compares exit status, stderr and each monitor command's output
after normalisation.  Every run is bounded by a timeout; the whole process
group is killed when it expires.

Case list format (one case per line; blank lines and lines starting with '#'
are ignored):

    name | args
    name | args | monitor: cmd1 ; cmd2

  name     a short identifier without '|' (used by --filter and in reports)
  args     the networking arguments, shell-quoted (split with shlex), e.g.
           -netdev user,id=u0 -device e1000,netdev=u0
           Markers (standalone words, removed before running):
             [defaults]  do not add -nodefaults (tests default networking)
             [no-asan]   skipped when qnet is an ASan build (libvdeplug's
                         dlopen(RTLD_DEEPBIND) cannot run under ASan)
             [differs]   qnet deliberately differs (docs/differences.md says
                         how, and a qnet-only test checks it): the case is
                         run and shown as DIFFERS, counted as skipped
             [pending:N] the feature is issue N's and not built yet: a
                         difference is reported as PENDING and counted as
                         skipped, not failed; a pass says the marker can go
  monitor: extra HMP commands, separated by ';', sent after "info network"
           and before "quit".

Normalisation (applied to both programs' output):
  * \\r\\n -> \\n; the monitor's readline echo is rendered like a terminal
    would (ESC[K erases to end of line, ESC[nD moves left), other ANSI escape
    sequences are dropped;
  * stdout is cut at each "(qemu) " prompt: the text before the first prompt
    is "stdout before monitor" (the banner line is dropped from it), and the
    text after the k-th prompt is the output of the k-th command sent, with
    the echo of that command removed if present;
  * a leading "qemu-system-x86_64: " / "qnet: " (or the basename of the
    binary run) on stderr lines becomes "PROG: ";
  * the random part of auto ids is masked: #net<counter><2 digits> becomes
    #net<counter>?? (e.g. #net161 -> #net1??);
  * in "info usernet" socket rows the FD column (a host file descriptor
    number, e.g. "TCP[HOST_FORWARD]   3 ...") becomes " <fd>".

Output: "PASS name" or "FAIL name" (followed by a unified diff) per case, then
a summary line "N passed, N failed".  The exit status is 0 only if every case
passed.

Example (self-check: QEMU against itself must pass every case):
    tests/functional/qemu_compare.py --qnet /usr/bin/qemu-system-x86_64
"""

import argparse
import concurrent.futures
import difflib
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from typing import List, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CASES = os.path.join(HERE, "topologies.txt")
DEFAULT_QEMU = "qemu-system-x86_64"
DEFAULT_QNET = "build/qnet"
TIMEOUT_S = 10
PROMPT = "(qemu) "
BASE_ARGS = ["-S", "-display", "none", "-monitor", "stdio"]
KNOWN_PROG_NAMES = ("qemu-system-x86_64", "qnet")
BANNER_RE = re.compile(r"^(QEMU|qnet)\b.*\bmonitor\b.*$")
AUTO_ID_RE = re.compile(r"#net(\d+)\d\d(?!\d)")
CSI_RE = re.compile(r"\x1b\[([0-9;?]*)([@-~])")
# "info usernet" rows: the FD column is a host file descriptor number
USERNET_FD_RE = re.compile(r"^(\s*[A-Z0-9]+\[[^\]]*\])\s+-?\d+(?= )", re.M)


# ---------------------------------------------------------------- case list

@dataclass
class Case:
    """One line of the case list."""
    name: str
    args: List[str]
    defaults: bool = False
    pending: Optional[str] = None
    monitor: List[str] = field(default_factory=list)
    lineno: int = 0

    def commands(self) -> List[str]:
        """Monitor commands sent on stdin, in order."""
        return ["info network"] + self.monitor + ["quit"]

    def argv_tail(self) -> List[str]:
        """Arguments following the program name."""
        head = [] if self.defaults else ["-nodefaults"]
        return head + BASE_ARGS + self.args


def parse_case_line(line: str, lineno: int) -> Optional[Case]:
    """Parse one case-list line; None for blanks and comments."""
    text = line.strip()
    if not text or text.startswith("#"):
        return None
    if "|" not in text:
        raise ValueError(f"line {lineno}: expected 'name | args'")
    name, rest = (part.strip() for part in text.split("|", 1))
    monitor: List[str] = []
    match = re.search(r"\|\s*monitor:(.*)$", rest)
    if match:
        monitor = [c.strip() for c in match.group(1).split(";") if c.strip()]
        rest = rest[:match.start()].strip()
    try:
        words = shlex.split(rest)
    except ValueError as e:
        raise ValueError(f"line {lineno}: {e}") from None
    defaults = "[defaults]" in words
    pending = next((w[len("[pending:"):-1] for w in words
                    if w.startswith("[pending:") and w.endswith("]")), None)
    if "[differs]" in words:
        pending = "differs"
    if "[no-asan]" in words and ASAN_BUILD:
        pending = "no-asan"
    args = [w for w in words if w not in ("[defaults]", "[differs]",
                                          "[no-asan]")
            and not w.startswith("[pending:")]
    if not name:
        raise ValueError(f"line {lineno}: empty case name")
    return Case(name, args, defaults, pending, monitor, lineno)


def load_cases(path: str) -> List[Case]:
    """Read all cases of a case-list file; duplicate names are an error."""
    cases, seen = [], set()
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            case = parse_case_line(line, lineno)
            if case is None:
                continue
            if case.name in seen:
                raise ValueError(f"line {lineno}: duplicate case '{case.name}'")
            seen.add(case.name)
            cases.append(case)
    return cases


# ---------------------------------------------------------------- running

@dataclass
class RunResult:
    """Raw outcome of one process run."""
    status: str            # exit code as text, "timeout" or "error: ..."
    stdout: str = ""
    stderr: str = ""


def run_program(binary: str, case: Case, timeout: float) -> RunResult:
    """Run binary on a case, feeding its monitor commands; never raises."""
    stdin_text = "".join(c + "\n" for c in case.commands())
    try:
        proc = subprocess.Popen([binary] + case.argv_tail(),
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
    except OSError as e:
        return RunResult(f"error: cannot run {binary}: {e.strerror}")
    try:
        out, err = proc.communicate(stdin_text.encode(), timeout=timeout)
        status = str(proc.returncode)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        out, err = collect_after_kill(proc)
        status = "timeout"
    return RunResult(status, out.decode("utf-8", "replace"),
                     err.decode("utf-8", "replace"))


def collect_after_kill(proc: subprocess.Popen):
    """Read what a killed process wrote; give up if its pipes stay open."""
    try:
        return proc.communicate(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        return b"", b"(output lost: pipes still open after kill)\n"


def kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL the process group led by proc (it was started in a session)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


# ---------------------------------------------------------------- normalising

def render_terminal(text: str) -> str:
    """Render text as a terminal would: apply ESC[K / ESC[nD and \\r."""
    text = text.replace("\r\n", "\n")
    lines = []
    for raw in text.split("\n"):
        lines.append(render_line(raw))
    return "\n".join(lines)


def render_line(raw: str) -> str:
    """Render one line with cursor movement; unknown escapes are dropped."""
    buf: List[str] = []
    col = 0
    pos = 0
    while pos < len(raw):
        match = CSI_RE.match(raw, pos)
        if match:
            col = apply_csi(buf, col, match.group(1), match.group(2))
            pos = match.end()
            continue
        ch = raw[pos]
        pos += 1
        if ch == "\r":
            col = 0
        elif ch == "\b":
            col = max(col - 1, 0)
        elif ch == "\x1b":
            continue
        else:
            if col < len(buf):
                buf[col] = ch
            else:
                buf.append(ch)
            col += 1
    return "".join(buf)


def apply_csi(buf: List[str], col: int, param: str, final: str) -> int:
    """Apply one CSI sequence to a line buffer; return the new column."""
    count = int(param) if param.isdigit() else 1
    if final == "K":
        del buf[col:]
    elif final == "D":
        col = max(col - count, 0)
    elif final == "C":
        col = min(col + count, len(buf))
    return col


def prog_names(binary: str) -> List[str]:
    """Program names that may prefix stderr lines of this binary."""
    return sorted(set(KNOWN_PROG_NAMES + (os.path.basename(binary),)))


def normalize_stderr(text: str, binary: str) -> str:
    """Render, replace program-name prefixes by PROG:, mask auto ids."""
    names = "|".join(re.escape(n) for n in prog_names(binary))
    prefix_re = re.compile(rf"^(?:{names}): ", re.M)
    text = prefix_re.sub("PROG: ", render_terminal(text))
    return mask_ids(text)


def mask_ids(text: str) -> str:
    """#net<counter><2 random digits> -> #net<counter>??"""
    return AUTO_ID_RE.sub(lambda m: f"#net{m.group(1)}??", text)


def mask_fds(text: str) -> str:
    """Replace the FD column of "info usernet" rows by <fd>."""
    return USERNET_FD_RE.sub(lambda m: m.group(1) + " <fd>", text)


def split_monitor(stdout: str, commands: List[str]):
    """Split rendered stdout into (pre-monitor text, [(label, output), ...])."""
    parts = stdout.split(PROMPT)
    pre = drop_banner(parts[0])
    sections = []
    for i, part in enumerate(parts[1:]):
        cmd = commands[i] if i < len(commands) else None
        label = cmd if cmd is not None else f"<unexpected prompt {i + 1}>"
        sections.append((label, strip_echo(part, cmd)))
    return pre, sections


def drop_banner(text: str) -> str:
    """Remove the monitor banner line (QEMU's or qnet's) from pre-prompt text."""
    lines = text.split("\n")
    kept = [ln for ln in lines if not BANNER_RE.match(ln)]
    return "\n".join(kept)


def strip_echo(part: str, cmd: Optional[str]) -> str:
    """Remove the echoed command line from the start of a command's output."""
    if cmd is not None and part.startswith(cmd):
        rest = part[len(cmd):]
        if rest == "" or rest.startswith("\n"):
            return rest[1:]
    return part


def normalize(result: RunResult, binary: str, case: Case) -> str:
    """Turn a run into the canonical text that is compared between programs."""
    blocks = [("exit status", result.status + "\n"),
              ("stderr", normalize_stderr(result.stderr, binary))]
    stdout = mask_fds(mask_ids(render_terminal(result.stdout)))
    pre, sections = split_monitor(stdout, case.commands())
    blocks.append(("stdout before monitor", pre))
    for label, text in sections:
        blocks.append((PROMPT + label, text))
    out = []
    for title, text in blocks:
        out.append(f"== {title} ==\n")
        out.append(text if text.endswith("\n") or not text else text + "\n")
    return "".join(out)


# ---------------------------------------------------------------- comparing

@dataclass
class Outcome:
    """Comparison result of one case."""
    case: Case
    expected: str
    actual: str

    @property
    def passed(self) -> bool:
        return self.expected == self.actual

    def diff(self) -> str:
        lines = difflib.unified_diff(
            self.expected.splitlines(True), self.actual.splitlines(True),
            fromfile=f"qemu/{self.case.name}", tofile=f"qnet/{self.case.name}")
        return "".join(lines)


def compare_case(case: Case, qemu: str, qnet: str, timeout: float) -> Outcome:
    """Run both programs on one case and compare their canonical texts."""
    expected = normalize(run_program(qemu, case, timeout), qemu, case)
    actual = normalize(run_program(qnet, case, timeout), qnet, case)
    return Outcome(case, expected, actual)


def command_line(case: Case, binary: str) -> str:
    """Shell-quoted command line of a case, for reports."""
    return " ".join(shlex.quote(a) for a in [binary] + case.argv_tail())


def report(outcome: Outcome, qnet: str, verbose: bool) -> None:
    """Print the PASS/FAIL line of a case (and a diff on failure)."""
    pending = outcome.case.pending
    if outcome.passed:
        note = f" (passes: drop [pending:{pending}])" if pending else ""
        print(f"PASS {outcome.case.name}{note}")
        if verbose:
            print(outcome.actual, end="")
        return
    if pending == "no-asan":
        print(f"SKIP {outcome.case.name} (cannot run under ASan)")
        return
    if pending == "differs":
        print(f"DIFFERS {outcome.case.name} (see docs/differences.md)")
        if verbose:
            print(outcome.diff(), end="")
        return
    if pending:
        print(f"PENDING {outcome.case.name} (issue {pending})")
        if verbose:
            print(outcome.diff(), end="")
        return
    print(f"FAIL {outcome.case.name}")
    print(f"  cmd: {command_line(outcome.case, qnet)}")
    print("  stdin: " + " ; ".join(outcome.case.commands()))
    print(outcome.diff(), end="")


def write_record(path: str, outcomes: List[Outcome], qemu: str) -> None:
    """Write QEMU's canonical output of every case to a reference file."""
    with open(path, "w", encoding="utf-8") as f:
        for o in outcomes:
            f.write(f"######## {o.case.name}\n")
            f.write(f"# {command_line(o.case, qemu)}\n")
            f.write(o.expected)
            f.write("\n")


# ---------------------------------------------------------------- main

def parse_args(argv: List[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Compare qnet with qemu-system-x86_64 on a case list.")
    p.add_argument("--qnet", default=DEFAULT_QNET, help="qnet binary")
    p.add_argument("--qemu", default=DEFAULT_QEMU, help="QEMU binary")
    p.add_argument("--cases", default=DEFAULT_CASES, help="case list file")
    p.add_argument("--filter", default="", help="only cases whose name "
                   "contains this substring")
    p.add_argument("--record", metavar="FILE",
                   help="write QEMU's normalised outputs to FILE")
    p.add_argument("--jobs", type=int, default=2, help="parallel cases")
    p.add_argument("--timeout", type=float, default=TIMEOUT_S,
                   help="seconds per process run")
    p.add_argument("--skip-without-qemu", action="store_true",
                   help="exit 77 (meson's 'skipped') with a message when the "
                   "QEMU binary is not installed")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="also print the normalised output of passing cases")
    return p.parse_args(argv)


def is_asan_build(binary: str) -> bool:
    """True when @binary links the AddressSanitizer runtime."""
    try:
        out = subprocess.run(["ldd", binary], capture_output=True, text=True,
                             timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "libasan" in out


ASAN_BUILD = False


def main(argv: List[str]) -> int:
    global ASAN_BUILD
    opts = parse_args(argv)
    ASAN_BUILD = is_asan_build(opts.qnet)
    if opts.skip_without_qemu and not shutil.which(opts.qemu):
        print(f"SKIP: {opts.qemu} is not installed (Debian package "
              "qemu-system-x86); nothing to compare against")
        return 77
    try:
        cases = [c for c in load_cases(opts.cases) if opts.filter in c.name]
    except (OSError, ValueError) as e:
        print(f"qemu_compare: {opts.cases}: {e}", file=sys.stderr)
        return 2
    jobs = max(1, opts.jobs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(compare_case, c, opts.qemu, opts.qnet,
                               opts.timeout) for c in cases]
        outcomes = []
        for fut in futures:
            outcome = fut.result()
            report(outcome, opts.qnet, opts.verbose)
            sys.stdout.flush()
            outcomes.append(outcome)
    if opts.record:
        write_record(opts.record, outcomes, opts.qemu)
    passed = sum(o.passed for o in outcomes)
    skipped = sum(1 for o in outcomes if not o.passed and o.case.pending)
    failed = len(outcomes) - passed - skipped
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:          # output piped into head(1) and closed
        sys.stderr.close()
        sys.exit(1)
