// Ajv 2020, compiled with the options the generated request validators mirror (first error only, lengths in
// UTF-16 code units, discriminated oneOf, finite numbers only) and our one validating extension: the reference the validators
// are differential-tested against.
import type { ErrorObject, SchemaValidateFunction } from "ajv";
import Ajv2020 from "ajv/dist/2020.js";

export function referenceAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: false,
    unicode: false,
    discriminator: true,
    // NaN and Infinity are not numbers (JSON.stringify would send them as null): the validators agree.
    strictNumbers: true,
    logger: false,
  } as ConstructorParameters<typeof Ajv2020>[0]);
  // `x-timkit-max-bytes`: a string's UTF-8 length, as TextEncoder counts it.
  const maxBytes: SchemaValidateFunction = (limit: number, data: string) => {
    const valid = new TextEncoder().encode(data).length <= limit;
    maxBytes.errors = valid
      ? []
      : [
          {
            keyword: "x-timkit-max-bytes",
            params: { limit },
            message: `must NOT have more than ${limit} bytes`,
          },
        ];
    return valid;
  };
  ajv.addKeyword({ keyword: "x-timkit-max-bytes", type: "string", schemaType: "number", validate: maxBytes });
  return ajv;
}

/** The first error, in the shape the generated validators report it. */
export function firstError(errors: readonly ErrorObject[] | null | undefined) {
  const [first] = errors ?? [];
  return (
    first && {
      instancePath: first.instancePath,
      keyword: first.keyword,
      params: first.params,
      message: first.message,
    }
  );
}
