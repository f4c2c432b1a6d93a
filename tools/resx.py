#!/usr/bin/env python3
"""Adds or changes UI texts in the web app's resource files, all four languages at once.

    tools/resx.py AREA KEY "English" "Nederlands" "Norsk bokmål" "Bahasa Indonesia"
    tools/resx.py AREA < texts.tsv      (lines: KEY<TAB>English<TAB>Nederlands<TAB>Norsk<TAB>Indonesia)

AREA is the resource's name under src/Arbor.Web/Resources (Ui, Office, Admin, ...); a new
area's four files are created. Keys stay sorted, so that diffs stay small.
"""
import os, sys
import xml.etree.ElementTree as ET

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "Arbor.Web", "Resources")
LANGS = ["", ".nl", ".nb", ".id"]
HEADER = """<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
"""

def load(path):
    if not os.path.exists(path):
        return {}
    return {d.get("name"): (d.find("value").text or "") for d in ET.parse(path).getroot().findall("data")}

def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

def save(path, entries):
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEADER)
        for k in sorted(entries):
            f.write(f'  <data name="{esc(k)}" xml:space="preserve"><value>{esc(entries[k])}</value></data>\n')
        f.write("</root>\n")

def put(area, key, texts):
    for lang, text in zip(LANGS, texts):
        path = os.path.join(HERE, f"{area}{lang}.resx")
        entries = load(path)
        entries[key] = text
        save(path, entries)

def put_many(area, rows):
    files = {lang: load(os.path.join(HERE, f"{area}{lang}.resx")) for lang in LANGS}
    for key, texts in rows:
        for lang, text in zip(LANGS, texts):
            files[lang][key] = text
    for lang, entries in files.items():
        save(os.path.join(HERE, f"{area}{lang}.resx"), entries)

if __name__ == "__main__":
    if len(sys.argv) == 7:
        put(sys.argv[1], sys.argv[2], sys.argv[3:7])
    elif len(sys.argv) == 2:
        rows = []
        for n, line in enumerate(sys.stdin, 1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.rstrip("\n").split("\t")
            if len(cells) != 5:
                sys.exit(f"stdin:{n}: expected 5 tab-separated cells (key and four texts), got {len(cells)}")
            rows.append((cells[0], cells[1:]))
        put_many(sys.argv[1], rows)
    else:
        sys.exit(__doc__)
