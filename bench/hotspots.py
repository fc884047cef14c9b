"""Where a py-spy profile spends its time, as text: inclusive share per function.

    py-spy record -p WORKER_PID -d 6 -f raw -o profile.txt
    python -m bench.hotspots profile.txt [--match app/] [--top 40]

Each line of py-spy's raw format is a stack (`frame;frame;…`) and a sample count. A function's
inclusive share is the fraction of samples with it anywhere on the stack (counted once per stack).
"""

import argparse
import re
from collections import Counter
from pathlib import Path

LINE_NUMBER = re.compile(r":\d+\)")


def shares(raw: str) -> tuple[Counter, Counter, int]:
    """Inclusive and self sample counts per function, and the total number of samples."""
    inclusive: Counter = Counter()
    own: Counter = Counter()
    total = 0
    for line in raw.splitlines():
        if not line.strip():
            continue
        stack, count = line.rsplit(" ", 1)
        samples = int(count)
        total += samples
        # The same function at several lines of one stack counts once.
        frames = [LINE_NUMBER.sub(")", frame) for frame in stack.split(";")]
        for frame in set(frames):
            inclusive[frame] += samples
        own[frames[-1]] += samples
    return inclusive, own, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profile")
    parser.add_argument("--match", default="", help="only functions whose name contains this")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    inclusive, own, total = shares(Path(args.profile).read_text())
    print(f"{total} samples\n\ninclusive")
    chosen = [(f, n) for f, n in inclusive.most_common() if args.match in f][: args.top]
    for frame, samples in chosen:
        print(f"{100 * samples / total:5.1f}%  {frame}")
    print("\nself")
    for frame, samples in own.most_common(15):
        print(f"{100 * samples / total:5.1f}%  {frame}")


if __name__ == "__main__":
    main()
