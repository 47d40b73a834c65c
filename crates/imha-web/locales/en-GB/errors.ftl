# Error pages (src/error.rs): error-{kind}-heading, -p1, -p2 for each kind in error::KINDS.

error-not-found-heading = Page not found
error-not-found-p1 = If you typed the web address, check it is correct.
error-not-found-p2 = If you pasted the web address, check you copied the entire address.
error-server-heading = Sorry, there is a problem with the service
error-server-p1 = Try again later.
error-server-p2 = Nothing you had already saved has been lost.
error-unavailable-heading = Sorry, the service is unavailable
error-unavailable-p1 = Try again in a few minutes.
error-unavailable-p2 = Nothing you had already saved has been lost.
error-too-many-heading = You have sent too many forms in a short time
error-too-many-p1 = Wait a minute, then go back and try again.
error-too-many-p2 = Nothing you had already saved has been lost.
error-home-link = Go to the home page
