"""How passwords are stored: Argon2id at the OWASP Password Storage Cheat Sheet's first
recommended configuration, m=19 MiB (19456 KiB), t=2, p=1
(https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#argon2id).

Django's own Argon2 parameters take 100 MiB per hash: eight log-ins at once cost a server
about a gigabyte. 19 MiB with two passes is the cheat sheet's equivalent in strength at a
fifth of the memory. The algorithm name stays "argon2", so a hash stored with Django's
parameters is still verified and is re-hashed at these at the user's next log-in (Django's
check_password asks must_update, which compares the parameters).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19456  # KiB
    parallelism = 1
