// The stack's program: deploys the images named in the `icm:` stack config and ICM files.
import { main } from "./program";

export = main;
