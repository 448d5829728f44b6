"""The parse floor: open every *.toml file under DIR and run tomllib.load on it, nothing else.

`python bench/floor.py DIR tomli` runs the same loop with tomli, the reader thresholdcli
uses (compiled where a wheel exists), to show how much of a ratio the faster reader explains.
"""

import sys
from pathlib import Path

if sys.argv[2:] == ["tomli"]:
    import tomli as reader
else:
    import tomllib as reader

count = 0
for path in sorted(Path(sys.argv[1]).rglob("*.toml")):
    with open(path, "rb") as handle:
        reader.load(handle)
    count += 1
print(count)
