/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The API's base URL (default: the sandbox, http://127.0.0.1:4010). */
  readonly VITE_TIM_BASE_URL?: string;
  /** The SDKAppID (default 88888888, the sandbox's). */
  readonly VITE_TIM_SDKAPPID?: string;
  /** The App administrator the UserSig is made for (default "admin"). */
  readonly VITE_TIM_IDENTIFIER?: string;
  /** Where the UserSig provider fetches the administrator's UserSig (default: the sandbox's dev-only endpoint). */
  readonly VITE_TIM_USERSIG_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
