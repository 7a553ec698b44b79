"""Who a message goes to: ``--to 'Tom Becker <tom@example.com>'`` is a name for the greeting and an address
for the .eml's To header (the notes' ``email:`` key says the same from the file)."""

from __future__ import annotations

from draft.errors import DraftError, NotesError


def named_addresses(to: tuple[str, ...]) -> tuple[list[str], str | None]:
    """The names of the --to values, and the one address given with a name (None when no value has one)."""
    from draft.notes import _email_address  # the notes' own check of 'email:' (one plain address, nothing that adds a header)

    names: list[str] = []
    addresses: list[tuple[str, str]] = []
    for value in to:
        name, _, address = value.strip().removesuffix(">").rpartition("<")  # 'Name <address>'
        if not value.strip().endswith(">") or any(mark in name + address for mark in "<>"):
            if any(mark in value for mark in "<>@"):
                raise DraftError(f"--to: a name, or a name and one address such as 'Tom Becker <tom@example.com>', not {value!r}")
            names.append(value)
            continue
        name, address = " ".join(name.split()), address.strip()
        if not name:
            raise DraftError(f"--to: give the name with the address: --to 'Tom Becker <{address}>', not {value!r}")
        try:
            _email_address(address)
        except NotesError as error:
            raise DraftError("--to: " + error.problem.replace("'email'", "the address")) from None
        names.append(name)
        addresses.append((name, address))
    if len(addresses) > 1:
        raise DraftError(f"--to: one address per message (the .eml's To is {addresses[0][0]} <{addresses[0][1]}>); "
                         "give the others without an address and add them in your mail client")
    return names, addresses[0][1] if addresses else None


def addressee(to: tuple[str, ...]) -> str | None:
    """The name a --to value gives with its address ('Tom Becker' of 'Tom Becker <tom@example.com>'): whose the address
    is, for ``draft --each``; None when no value has one (a bad value is reported by :func:`named_addresses`)."""
    for value in to:
        try:
            names, address = named_addresses((value,))
        except DraftError:
            return None
        if address:
            return names[0]
    return None
