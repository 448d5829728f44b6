"""The parse floor: open every *.toml file under DIR and run tomllib.load on it, nothing else."""

import sys
import tomllib
from pathlib import Path

count = 0
for path in sorted(Path(sys.argv[1]).rglob("*.toml")):
    with open(path, "rb") as handle:
        tomllib.load(handle)
    count += 1
print(count)
