"""Transport security: the district's X.509 PKI and the mutually authenticated TLS every link uses.

- :mod:`kiosk.tls.pki` makes the district CA and the leaf certificates it issues (kiosk, gateway, staff);
- :mod:`kiosk.tls.credentials` reads a credentials folder (``cert.pem``, ``key.pem``, ``ca.pem``) into
  server and client ``ssl`` contexts;
- :mod:`kiosk.tls.identity` turns the certificate a caller presented into who it is (role, id, district).
"""
