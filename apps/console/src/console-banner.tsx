export interface ConsoleBannerProps {
  title: string;
  detail: string;
}

/** A problem that stops sending altogether (no UserSig, a bad setting), shown above everything else. */
export function ConsoleBanner({ title, detail }: ConsoleBannerProps) {
  return (
    <div className="banner" role="alert">
      <p className="banner-title">{title}</p>
      <p>{detail}</p>
    </div>
  );
}
