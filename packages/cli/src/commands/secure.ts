import { DEPLOY_NATS_HOSTS, writeDeploySecrets } from "@orbitwin/runtime";
import { parseCommandArgs } from "../args.js";
import { UsageError } from "../errors.js";

export const secureHelp = `orbitwin secure init DIR [--host NAME]...

Makes the secrets of a deployment (docker-compose.yml, deploy/k8s) offline, with the code that
\`up --secure\` uses: DIR is created with mode 0700 and every file in it is 0600.

  DIR/<role>.creds          an nkey user per role (coordinator, fleet, thermal, scheduler,
                            debris-watch, gateway, operator, viewer): mount each only where
                            that role runs (ORBITWIN_CREDS)
  DIR/nkeys.env             the users' public keys (ORBITWIN_<ROLE>_NKEY=...), which
                            deploy/nats/auth.conf reads from nats-server's environment
  DIR/ca.pem                the CA clients and NATS nodes verify with (ORBITWIN_TLS_CA)
  DIR/server.pem, DIR/server-key.pem   every NATS node's certificate, for client TLS and
                            mutually authenticated cluster routes

The certificate names ${DEPLOY_NATS_HOSTS.join(", ")}
and valid for 365 days; the CA's key is not kept. DIR must be new or empty. Never commit it
(secrets/ is in .gitignore and .dockerignore). docs/OPERATIONS.md, "Deploying", says where each
file goes.

  --host NAME     another name or IP address clients reach NATS by (repeatable)
`;

/** Synchronous work (files and openssl) behind the commands' asynchronous face. */
export function secureCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { host: { type: "string", multiple: true } });
  if (values.help) {
    process.stdout.write(secureHelp);
    return Promise.resolve(0);
  }
  const [verb, dir, ...extra] = positionals;
  if (verb !== "init") throw new UsageError(verb === undefined ? "secure needs a verb: init DIR" : `secure ${verb}: the only verb is init DIR`);
  if (dir === undefined) throw new UsageError("secure init needs DIR: the new folder for the secrets, e.g. secrets");
  if (extra.length > 0) throw new UsageError(`secure init takes one folder, got also ${extra.join(" ")}`);
  const written = writeDeploySecrets({ dir, extraHosts: values.host ?? [] });
  process.stdout.write(`wrote ${written.files.join(", ")} in ${dir} (mode 0700; keep it out of images and repositories)\n`);
  return Promise.resolve(0);
}
