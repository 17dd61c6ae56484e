/** Naming why a manifest request failed, from its status and how the client had logged in. */
import type { RegistryAccess } from "./access";
import {
    AccessDeniedError,
    CredentialsMissingError,
    CredentialsRefusedError,
    RepositoryNotFoundError,
    TagNotFoundError,
    type RegistryError,
    type RegistryErrorContext,
} from "./errors";
import { statusError } from "./failures";
import type { HttpResponse } from "./transport";
import type { Challenge } from "./wwwAuthenticate";

/** How a request was authorised: the challenge answered, the credentials and the header sent. */
export interface Authorization {
    challenge?: Challenge;
    access?: RegistryAccess;
    header?: string;
}

/**
 * The error for a failed manifest request. A 404 does not say whether the repository or only
 * the tag is missing (distribution answers MANIFEST_UNKNOWN for both), so `repositoryExists`
 * asks the registry's tag list, which answers 404 only for a missing repository.
 */
export async function judgeFailure(
    response: HttpResponse,
    auth: Authorization,
    context: RegistryErrorContext,
    repositoryExists: () => Promise<boolean | undefined>,
): Promise<RegistryError> {
    const failed = { ...context, status: response.status };
    const bearer = auth.challenge?.scheme === "bearer";

    switch (response.status) {
        case 404: {
            const exists = await repositoryExists();
            return exists === false
                ? new RepositoryNotFoundError(failed)
                : new TagNotFoundError(failed, exists === true);
        }
        case 401:
            if (auth.access === undefined) {
                return new CredentialsMissingError(failed, bearer);
            }
            return bearer
                ? new AccessDeniedError(failed, true)
                : new CredentialsRefusedError(failed);
        case 403:
            return auth.access === undefined
                ? new CredentialsMissingError(failed, bearer)
                : new AccessDeniedError(failed, bearer);
        default:
            return statusError(response, context, "the manifest request");
    }
}
