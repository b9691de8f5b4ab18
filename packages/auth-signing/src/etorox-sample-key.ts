// Test-only fixture: the sample key pair of etorox.md §3.1 (not exported from index.ts).

/** The documentation's encrypted PKCS#8 sample private key (AES-256-CBC, passphrase ''). */
export const ETOROX_SAMPLE_PRIVATE_KEY = `-----BEGIN ENCRYPTED PRIVATE KEY-----
MIIC3TBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQIgiEmpW3i8ccCAggA
MAwGCCqGSIb3DQIJBQAwHQYJYIZIAWUDBAEqBBDtIerHEx69L1zC6FG3UDJ6BIIC
gJ/cU/utsW6FuQ3QFvQjOLyeErn18p8Jer/v1ejLEuZ741h3Tt79MjlvHkAfL+4r
mUQbO+MotpzoehI7oKfdSvC8Vi6x6R9QRmr4PLtUaUZrbM82ZwvWpaVqoSRAnL+r
Xvsyy7bNRyCjbPmMd+x3c111Q3ZVJro+3p89n/x3R987vM+J7+wabgRhntlSMB1p
I+cbesfJaQPbZ+qYAreef2Tzy4gk0NJOwNhjWjvICBsaZI8sxNwDmA3sZ01nkh9g
GC8yBIgJsPaMoix7wvTScd+5YFXlNO5EWWndeD6eNt1c2ui7UdmvOhGND+s9I2b/
G6I1agW7vyd3M6MO4BBDqHk0BxQ20J4ORRuBvGFPfHScMCbAdd2SrKxD0GZd6F/n
J9hyBF3NEsL8U8uXZ/XHUHzALbYHCPpdlEVHwPatdHmw5g/iZDO2xaeNxDvBKhxN
/d7P1O3By2QVowkO4Carv7er0U9gEiYPpP8QNSEEbgAcKue+weU+atbEeKf9lNIz
dsik1kHZWRlLYq4IxnNxXvMsXhrVZT019uJvY5kfaeHatHpCoSdhXqXJ2F6nHUc/
4FsoKGVvA5wB248slueZgJX/khPPbYAWANbK9R5WzJefr+RUrhieCoNksvHm0Bew
EFz8H5AzW197eRtVtSvFGAS+3rhV/vG9WBtoOR0FgmkN9xpzJnb9j6Svwf9NKlds
pK7f+JVmZy6NaEBJvGQAvLWHc9Jc0PxvmIgc3vaPxl+l+AITS7kN3EORyDrdvJ9q
8hP6slgnVaHcgEJSUhSyD+yustfNUfH7Fg3rUM2nvkI+8Sj0yETijFUK8qRKCUqC
8LK0+5s/6170jW5C5BPO/qM=
-----END ENCRYPTED PRIVATE KEY-----
`;

/** Public half of the sample key (etorox.md §3.1, derived from the sample). */
export const ETOROX_SAMPLE_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC5mKHi5UzKyXjeZqvHkr7Fk/C9
DT9DqxDeN2gxF9uHyqLcYFTUlzV98pKLs4WDPpZaHsSo7hDwpJCFPyCOXnRgQg8K
GVrqHpSv+zJWc3Pttd+z86V4KBQWjRAtifb5mg7fdBXzrzMwSZ9qfC6upn+TD1vd
LWzL9I4GnGEzoG/LtQIDAQAB
-----END PUBLIC KEY-----
`;

/** Sample API key of the documentation (etorox.md §3.1). */
export const ETOROX_SAMPLE_API_KEY = '825805c3-45d6-4fab-9b05-0844395ff3ef';
