import type { Localized } from './types.js';

/**
 * Norms shared by the web and mail checks, worded from FACTS.md ("TLS per the NCSC guidelines (2025
 * edition), as internet.nl applies them"). Phase-out settings give `warning`, insufficient ones `fail`.
 */
export const TLS_NORMS = {
  version: {
    nl: 'NCSC-TLS-richtlijnen 2025: TLS 1.3 goed, TLS 1.2 voldoende; TLS 1.1, TLS 1.0, SSL 3.0 en SSL 2.0 onvoldoende.',
    en: 'NCSC TLS guidelines 2025: TLS 1.3 good, TLS 1.2 sufficient; TLS 1.1, TLS 1.0, SSL 3.0 and SSL 2.0 insufficient.',
  },
  ciphers: {
    nl: 'NCSC-TLS-richtlijnen 2025: TLS 1.3 AES-256-GCM/CHACHA20-POLY1305 goed, AES-128-GCM/AES-128-CCM voldoende, AES-128-CCM-8 onvoldoende; TLS 1.2 ECDHE met AEAD voldoende, ECDHE met CBC en SHA-2, CAMELLIA, ARIA en alle DHE-suites uitfaseren (dan eigen volgorde afdwingen), TLS_RSA_*, CBC met SHA-1-MAC, 3DES, RC4, NULL en EXPORT onvoldoende.',
    en: 'NCSC TLS guidelines 2025: TLS 1.3 AES-256-GCM/CHACHA20-POLY1305 good, AES-128-GCM/AES-128-CCM sufficient, AES-128-CCM-8 insufficient; TLS 1.2 ECDHE with AEAD sufficient, ECDHE with CBC and SHA-2, CAMELLIA, ARIA and all DHE suites phase out (then the server must enforce its own order), TLS_RSA_*, CBC with SHA-1 MAC, 3DES, RC4, NULL and EXPORT insufficient.',
  },
  keyExchange: {
    nl: 'NCSC-TLS-richtlijnen 2025: hybride post-quantumgroepen (X25519MLKEM768, SecP256r1MLKEM768, SecP384r1MLKEM1024) goed; ECDHE op P-256, P-384, P-521, X25519, X448 of brainpool voldoende; secp224r1 en DHE met ffdhe3072–ffdhe8192 uitfaseren; ffdhe2048, eigen DH-groepen, RSA-sleuteluitwisseling en statische (EC)DH onvoldoende; TLS 1.2 vereist Extended Master Secret.',
    en: 'NCSC TLS guidelines 2025: hybrid post-quantum groups (X25519MLKEM768, SecP256r1MLKEM768, SecP384r1MLKEM1024) good; ECDHE on P-256, P-384, P-521, X25519, X448 or brainpool sufficient; secp224r1 and DHE with ffdhe3072–ffdhe8192 phase out; ffdhe2048, custom DH groups, RSA key exchange and static (EC)DH insufficient; TLS 1.2 requires Extended Master Secret.',
  },
  compression: {
    nl: 'NCSC-TLS-richtlijnen 2025: TLS-compressie uit en 0-RTT uit.',
    en: 'NCSC TLS guidelines 2025: TLS compression off and 0-RTT off.',
  },
  renegotiation: {
    nl: 'NCSC-TLS-richtlijnen 2025: veilige renegotiation ondersteund, onveilige renegotiation uit, renegotiation op initiatief van de client uit (of beperkt).',
    en: 'NCSC TLS guidelines 2025: secure renegotiation supported, insecure renegotiation off, client-initiated renegotiation off (or limited).',
  },
  certKey: {
    nl: 'NCSC-TLS-richtlijnen 2025: ECDSA P-256/P-384 of RSA ≥ 3072 bits voldoende; RSA 2048–3071 bits uitfaseren; kleiner onvoldoende.',
    en: 'NCSC TLS guidelines 2025: ECDSA P-256/P-384 or RSA ≥ 3072 bits sufficient; RSA 2048–3071 bits phase out; smaller insufficient.',
  },
  certSignature: {
    nl: 'NCSC-TLS-richtlijnen 2025: handtekening-hash SHA-256 of beter voldoende; SHA-224 uitfaseren; SHA-1 en MD5 onvoldoende.',
    en: 'NCSC TLS guidelines 2025: signature hash SHA-256 or better sufficient; SHA-224 phase out; SHA-1 and MD5 insufficient.',
  },
} as const satisfies Record<string, Localized>;

