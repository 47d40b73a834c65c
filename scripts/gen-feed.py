#!/usr/bin/env python3
"""Write a synthetic opt-out feed (contracts.md section 3) to standard output.

usage: scripts/gen-feed.py ROWS [HOSPITALS]

Deterministic (seeded), entirely made up: NHS numbers are valid Modulus 11 numbers from the
999 range reserved for testing, names are drawn from short lists. About one patient in three
has two episodes (s2 then s3), and the status mix roughly follows national figures: mostly
s2/s3, some CTOs, some holding powers and place-of-safety orders (which do not qualify).
"""
import random
import sys


def nhs_number(n: int) -> str:
    """A valid number in the 999 test range, or "" where no check digit works (the row then
    identifies the patient by local id alone)."""
    stem = f"999{n % 1_000_000:06d}"
    total = sum(int(c) * w for c, w in zip(stem, range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return "" if check == 10 else f"{stem}{check}"


def main() -> None:
    rows = int(sys.argv[1])
    hospitals = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    rng = random.Random(20261128)
    given = ["Sam", "Ann", "Jo", "Kit", "Lee", "Dee", "Robin", "Priya", "Ash", "Morgan", "Rowan", "Casey"]
    family = ["Okafor", "Lee", "Khan", "Brennan", "Harrow", "Marlow", "Ashdown", "Castell", "Penrose", "Whitby"]
    statuses = ["s2"] * 40 + ["s3"] * 30 + ["cto"] * 8 + ["s136"] * 8 + ["s5-2"] * 3 + ["s4"] * 2 + ["s37"] * 4 + ["s37-41"] * 2 + ["informal"] * 3
    out = sys.stdout
    out.write("episode_id,hospital,nhs_number,local_patient_id,given_name,family_name,date_of_birth,legal_status,start,end,ward,ethnicity,gender\n")
    written = 0
    patient = 0
    ethnic = ["A", "B", "C", "D", "H", "J", "M", "N", "R", "S", "Z"]
    while written < rows:
        patient += 1
        h = patient % hospitals
        hospital = f"RZB{h:02d}"
        nhs = nhs_number(patient) if patient % 10 else ""
        local = f"L{patient}"
        # Double-barrelled family names give 100 of them, so that, as in real data, few
        # different people share a name and a date of birth.
        g, f = rng.choice(given), f"{rng.choice(family)}-{rng.choice(family)}"
        dob = f"{rng.randint(1940, 2008)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        month = rng.randint(1, 10)
        day = rng.randint(1, 28)
        status = rng.choice(statuses)
        eth = rng.choice(ethnic)
        sex = rng.choice("12")
        start = f"2026-{month:02d}-{day:02d}"
        if status == "s2" and patient % 3 == 0 and written + 1 < rows:
            out.write(f"{hospital}-{patient}-1,{hospital},{nhs},{local},{g},{f},{dob},s2,{start},,Ward {h},{eth},{sex}\n")
            out.write(f"{hospital}-{patient}-2,{hospital},{nhs},{local},{g},{f},{dob},s3,2026-{month + 1:02d}-{day:02d},,Ward {h},{eth},{sex}\n")
            written += 2
        else:
            out.write(f"{hospital}-{patient}-1,{hospital},{nhs},{local},{g},{f},{dob},{status},{start},,Ward {h},{eth},{sex}\n")
            written += 1


if __name__ == "__main__":
    main()
