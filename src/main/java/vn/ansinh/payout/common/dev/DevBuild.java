package vn.ansinh.payout.common.dev;

import jakarta.inject.Singleton;

import io.quarkus.arc.profile.IfBuildProfile;

/**
 * DEV BUILDS ONLY. Present exactly when the service was built with the dev build profile, so a start-up
 * check that refuses a production configuration (placeholder secrets, say) can tell a developer's packaged
 * dev build, which only warns, from a production build, which refuses. Production builds do not contain it.
 */
@IfBuildProfile("dev")
@Singleton
public class DevBuild {
}
