// Types for the set-up's SMTP server module (the notification tests find aiosmtpd through it).
export declare const AIOSMTPD_VERSION: string;
export declare function findSmtpServer(cache?: string): string | null;
export declare function ensureSmtpServer(env?: Record<string, string | undefined>): string;
