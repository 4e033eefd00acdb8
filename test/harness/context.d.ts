declare module "vitest" {
  interface ProvidedContext {
    /** URL of the NATS server the harness started (or NATS_URL). */
    natsUrl: string;
  }
}
export {};
