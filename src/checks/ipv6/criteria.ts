/** The IPv6 norms as data (internet.nl's rules; see evaluate.ts for how they are applied). */
export const IPV6_CRITERIA = {
  /** web/mail.ipv6.nameservers: at least this many name servers with an IPv6 address (internet.nl: two). */
  minNameServersWithIpv6: 2,
  /** web.ipv6.reachable: minimum body similarity between the IPv6 and IPv4 answers (similarity.ts). */
  minContentSimilarity: 0.9,
  /** The SMTP greeting that shows a mail server accepts connections. */
  smtpGreeting: /^220[ -]/,
} as const;
