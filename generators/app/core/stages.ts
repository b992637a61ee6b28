import { DockerfileParser, type Dockerfile, type From } from 'dockerfile-ast';

/** A FROM's image with ARG defaults (the ARGs before the first FROM) substituted; '' for an ARG without one. */
function expandedImage(from: From, dockerfile: Dockerfile): string {
  const args = new Map(dockerfile.getInitialARGs().map((arg) => [arg.getProperty()?.getName(), arg.getProperty()?.getValue()]));
  return (from.getImage() ?? '').replace(/\$\{?(\w+)\}?/g, (_, name: string) => args.get(name) ?? '');
}

export interface StageBase {
  /** The stage's name, or null for an unnamed stage. */
  stage: string | null;
  /** What the FROM names, ARGs expanded: an image, `scratch`, or an earlier stage. */
  from: string;
  /** The image the stage finally starts from, following earlier stages (`FROM slim AS runtime`). */
  image: string;
  /** Whether `from` is an earlier stage of this file rather than an image. */
  fromStage: boolean;
}

/** A stage with its FROM instruction, for readers that point at its line or rewrite its image. */
export interface StageFrom extends StageBase {
  instruction: From;
}

/** Every stage of a Dockerfile already parsed, in order, with the image it really starts from. */
export function stageFroms(dockerfile: Dockerfile): StageFrom[] {
  const images = new Map<string, string>();
  return dockerfile.getFROMs().map((instruction) => {
    const from = expandedImage(instruction, dockerfile);
    const fromStage = images.has(from.toLowerCase());
    const image = fromStage ? images.get(from.toLowerCase())! : from;
    const stage = instruction.getBuildStage();
    if (stage) images.set(stage.toLowerCase(), image);
    return { stage, from, image, fromStage, instruction };
  });
}

/** Every stage of a Dockerfile's text, in order, with the image it really starts from. */
export function stageBases(text: string): StageBase[] {
  return stageFroms(DockerfileParser.parse(text)).map(({ instruction: _, ...base }) => base);
}
