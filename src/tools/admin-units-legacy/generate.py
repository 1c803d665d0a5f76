#!/usr/bin/env python3
"""Writes V30__admin_units_legacy.sql from ../shared/data/admin-units-legacy (run from the repository root:
python3 src/tools/admin-units-legacy/generate.py ../shared/data/admin-units-legacy > src/main/resources/db/migration/V30__admin_units_legacy.sql).
The migration, not this script, is what runs; the script is kept so the data can be checked against its source."""
import csv
import sys
import unicodedata

src = sys.argv[1]


def q(s):
    return "'" + unicodedata.normalize('NFC', s).replace("'", "''") + "'"


provinces = list(csv.DictReader(open(f'{src}/provinces-legacy-to-2025.csv', encoding='utf-8')))
districts = list(csv.DictReader(open(f'{src}/districts-legacy.csv', encoding='utf-8')))
communes = list(csv.DictReader(open(f'{src}/communes-legacy-to-2025.csv', encoding='utf-8')))

out = []
w = out.append
w(open(f'{sys.argv[0].rsplit("/", 1)[0]}/schema.sql', encoding='utf-8').read().rstrip() + '\n')
w('\ninsert into legacy_province (code, name, new_province_code) values')
w(',\n'.join(f"({q(p['old_province_code'])}, {q(p['old_province_name'])}, {q(p['new_province_codes'])})"
             for p in provinces) + ';')
island = {c['old_district_code']: c['new_commune_code'] for c in communes if not c['old_commune_code']}
w('\ninsert into legacy_district (code, province_code, name, island_new_commune_code) values')
w(',\n'.join(f"({q(d['old_district_code'])}, {q(d['old_province_code'])}, {q(d['old_district_name'])}, "
             f"{q(island[d['old_district_code']]) if d['old_district_code'] in island else 'null'})" for d in districts) + ';')
seen = {}
for c in communes:
    if c['old_commune_code']:
        seen.setdefault(c['old_commune_code'], c)
w('\ninsert into legacy_commune (code, district_code, name, split) values')
w(',\n'.join(f"({q(k)}, {q(c['old_district_code'])}, {q(c['old_commune_name'])}, {c['split']})" for k, c in seen.items()) + ';')
w('\ninsert into legacy_commune_successor (legacy_commune_code, new_commune_code) values')
w(',\n'.join(f"({q(c['old_commune_code'])}, {q(c['new_commune_code'])})" for c in communes if c['old_commune_code']) + ';')
w(open(f'{sys.argv[0].rsplit("/", 1)[0]}/tail.sql', encoding='utf-8').read().rstrip())
print('\n'.join(out))
