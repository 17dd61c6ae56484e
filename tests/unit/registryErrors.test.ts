import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
    AccessDeniedError,
    CredentialsMissingError,
    CredentialsRefusedError,
    RateLimitedError,
    RegistryError,
    RegistryProtocolError,
    RegistryUnreachableError,
    RepositoryNotFoundError,
    TagNotFoundError,
    TlsUntrustedError,
} from "../../registry";
import { judgeFailure, type Authorization } from "../../registry/judge";
import type { HttpResponse } from "../../registry/transport";

const TAG = { registry: "registry.example:5443", repository: "team/app", reference: "1.0" };
const DIGEST = { ...TAG, reference: `sha256:${"ab".repeat(32)}` };
const CONFIG_HELP =
    "set them with `pulumi config set icm:dockerUsername <user>` and `pulumi config set " +
    "--secret icm:dockerPassword`, or give DockerUsername and DockerPassword in defaults.json.";

describe("registry error messages", () => {
    const cases: [string, RegistryError, string][] = [
        [
            "a missing repository names the repository and what was looked for",
            new RepositoryNotFoundError(TAG),
            'Repository "team/app" does not exist on registry registry.example:5443 (looked for ' +
                'tag "1.0"). Check the repository part of DockerImage and that DockerRegistry ' +
                "names the registry that holds it.",
        ],
        [
            "a missing tag says the repository exists",
            new TagNotFoundError(TAG),
            "Image team/app:1.0 was not found on registry registry.example:5443: the repository " +
                'exists, but has no tag "1.0". Check the tag in DockerImage.',
        ],
        [
            "a missing digest is called a digest and written with '@'",
            new TagNotFoundError(DIGEST),
            `Image team/app@${DIGEST.reference} was not found on registry registry.example:5443: ` +
                `the repository exists, but has no digest "${DIGEST.reference}". Check the ` +
                "digest in DockerImage.",
        ],
        [
            "a missing tag in a repository of unknown existence says so",
            new TagNotFoundError(TAG, false),
            'Image team/app:1.0 was not found on registry registry.example:5443: it has no tag "1.0" ' +
                "(the registry would not say whether the repository exists). Check the tag in " +
                "DockerImage.",
        ],
        [
            "missing credentials name both config keys and defaults.json",
            new CredentialsMissingError(TAG),
            "Registry registry.example:5443 requires credentials to pull team/app:1.0, and none " +
                `were given: ${CONFIG_HELP}`,
        ],
        [
            "refused credentials show the status and how to set the password again",
            new CredentialsRefusedError({ ...TAG, status: 401 }),
            "Registry registry.example:5443 refused the credentials given for team/app:1.0 " +
                "(HTTP 401). Check icm:dockerUsername and icm:dockerPassword (or DockerUsername " +
                "and DockerPassword in defaults.json); set the password again with " +
                "`pulumi config set --secret icm:dockerPassword`.",
        ],
        [
            "denied access from a token registry warns that the repository may not exist",
            new AccessDeniedError({ ...TAG, status: 401 }, true),
            "Registry registry.example:5443 denied pull access to team/app:1.0 (HTTP 401). Ask " +
                "the registry's administrator for pull access, or use credentials that have it. " +
                "This registry answers the same way when the repository does not exist, so check " +
                "the repository part of DockerImage too.",
        ],
        [
            "an unreachable registry says why and what to check",
            new RegistryUnreachableError(TAG, "refused", "connect ECONNREFUSED 10.0.0.1:5443"),
            "Could not reach registry registry.example:5443 to check team/app:1.0: the connection " +
                "was refused, so nothing listens at that address (connect ECONNREFUSED " +
                "10.0.0.1:5443). Check DockerRegistry, that the registry is up, and HTTPS_PROXY / " +
                "HTTP_PROXY / NO_PROXY if this machine needs a proxy.",
        ],
        [
            "an untrusted certificate names the CA file setting",
            new TlsUntrustedError(TAG, "self-signed certificate in certificate chain"),
            "The TLS certificate of registry registry.example:5443 is not trusted (self-signed " +
                "certificate in certificate chain). Give the CA that signed it with `pulumi " +
                "config set icm:registryCaFile <path to CA PEM>`.",
        ],
        [
            "a rate limit says how long the registry asked to wait",
            new RateLimitedError({ ...TAG, status: 429 }, 90),
            "Registry registry.example:5443 is limiting requests (HTTP 429) while checking " +
                "team/app:1.0: it asks to wait 90 s before trying again. Logging in with " +
                "DockerUsername and DockerPassword often raises the limit.",
        ],
        [
            "a protocol error carries the status and the detail",
            new RegistryProtocolError(
                { ...TAG, status: 418 },
                "the manifest request answered HTTP 418",
            ),
            "Registry registry.example:5443 answered unexpectedly while checking team/app:1.0 " +
                "(HTTP 418): the manifest request answered HTTP 418.",
        ],
    ];

    for (const [behaviour, error, message] of cases) {
        it(behaviour, () => {
            assert.equal(error.message, message);
            assert.equal(error.name, error.constructor.name);
            assert.ok(error instanceof RegistryError);
            assert.equal(error.registry, TAG.registry);
            assert.equal(error.repository, TAG.repository);
        });
    }
});

describe("judgeFailure", () => {
    const access = { username: "deployer", password: "s3cret" };
    const basic: Authorization = { challenge: { scheme: "basic", params: {} }, access };
    const bearer: Authorization = { challenge: { scheme: "bearer", params: {} }, access };
    const anonymous: Authorization = { challenge: { scheme: "bearer", params: {} } };
    const response = (status: number): HttpResponse => ({
        status,
        headers: {},
        body: Buffer.alloc(0),
    });

    const cases: [
        string,
        number,
        Authorization,
        boolean | undefined,
        new (...args: never[]) => RegistryError,
    ][] = [
        ["a 404 in a repository with tags is a missing tag", 404, basic, true, TagNotFoundError],
        [
            "a 404 whose tag list is also 404 is a missing repository",
            404,
            basic,
            false,
            RepositoryNotFoundError,
        ],
        [
            "a 404 whose tag list is refused is a missing tag of unsure repository",
            404,
            basic,
            undefined,
            TagNotFoundError,
        ],
        [
            "a 401 after Basic credentials is a refusal",
            401,
            basic,
            undefined,
            CredentialsRefusedError,
        ],
        ["a 401 with a user's token is denied access", 401, bearer, undefined, AccessDeniedError],
        [
            "a 401 with an anonymous token asks for credentials",
            401,
            anonymous,
            undefined,
            CredentialsMissingError,
        ],
        ["a 403 with credentials is denied access", 403, basic, undefined, AccessDeniedError],
        [
            "a 403 without credentials asks for credentials",
            403,
            anonymous,
            undefined,
            CredentialsMissingError,
        ],
        ["a 429 left after the retries is a rate limit", 429, basic, undefined, RateLimitedError],
        [
            "a 502 left after the retries is a protocol error",
            502,
            basic,
            undefined,
            RegistryProtocolError,
        ],
    ];

    for (const [behaviour, status, auth, exists, expected] of cases) {
        it(behaviour, async () => {
            let asked = 0;
            const repositoryExists = () => {
                asked++;
                return Promise.resolve(exists);
            };

            const error = await judgeFailure(response(status), auth, TAG, repositoryExists);

            assert.equal(error.constructor, expected);
            assert.equal(error.status, status);
            assert.equal(asked, status === 404 ? 1 : 0);
            assert.ok(!error.message.includes(access.password));
        });
    }
});
